"""Files that are not plain YAML templates, and files changed by other programs.

- A template package (zip, tar.gz, tgz) is never written. Its main file opens for
  editing and is saved as a YAML file of the same name beside the package; when a
  file of that name is there already, Save asks where to write instead.
- A JSON template opens for reading and for editing in the text. The diagram does
  not edit it, because its edits are written in YAML; Convert to YAML rewrites the
  text as YAML (one undo step) and saves it beside the JSON file.
- When the open file changes on disk, a bar offers to reload it. Reloading replaces
  the text in one undo step, so unsaved text is never lost.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from PySide6.QtCore import QFileSystemWatcher, QObject, Qt, QTimer, Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from ...template.document import read_text
from ...template.package import TemplateSource
from ...template.textedit import changed_range
from ..textfile import decode

if TYPE_CHECKING:
    from ..window import MainWindow

log = logging.getLogger(__name__)

NOTICE_STYLE = (
    "#fileNotice { background: #e3f2fd; border-bottom: 1px solid #90caf9; }"
    "#fileNotice QLabel { color: #0d47a1; }"
)
WARNING_STYLE = (
    "#fileNotice { background: #fff8e1; border-bottom: 1px solid #ffe082; }"
    "#fileNotice QLabel { color: #5d4037; }"
)
# Milliseconds to wait after a change on disk, so a file written in several steps
# is read once it is complete.
SETTLE_MS = 200


def package_save_path(source: TemplateSource) -> tuple[Path | None, Path | None]:
    """Return (path, suggested path) for a package's main file: the YAML file of the
    same name beside the package, as the path when no such file exists yet, else as
    the place Save As starts from."""
    beside = source.working_path
    if beside.exists():
        return None, beside
    return beside, None


def is_json_template(path: Path | None, text: str) -> bool:
    """Tell whether a template is JSON: a .json file, or text that starts with `{`."""
    if path is not None and path.suffix.lower() == ".json":
        return True
    return text.lstrip().startswith("{")


def yaml_text(data: object) -> str:
    """Return a template's data as block-style YAML, keys in their order."""
    return yaml.safe_dump(
        data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=88
    )


class NoticeBar(QFrame):
    """A line above the diagram with a message and up to two buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fileNotice")
        self.label = QLabel(self)
        self.label.setObjectName("fileNoticeText")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.first = QPushButton(self)
        self.second = QPushButton(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.first)
        layout.addWidget(self.second)
        self.hide()

    def show_notice(
        self,
        text: str,
        warning: bool = False,
        first: tuple[str, str] | None = None,
        second: tuple[str, str] | None = None,
    ) -> None:
        """Show `text`; each button is given as (label, objectName)."""
        self.setStyleSheet(WARNING_STYLE if warning else NOTICE_STYLE)
        self.label.setText(text)
        for button, spec in ((self.first, first), (self.second, second)):
            button.setVisible(spec is not None)
            if spec is not None:
                button.setText(spec[0])
                button.setObjectName(spec[1])
        self.show()


class FileNotices(QObject):
    """Tells where the open text came from, watches its file, and converts JSON."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.bar = NoticeBar(window.view.parentWidget())
        pane = window.view.parentWidget().layout()
        pane.insertWidget(1, self.bar)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._on_file_changed)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self.check_disk)
        # The file's text as this window last read or wrote it.
        self.known_text: str | None = None
        self.changed_text: str | None = None
        self.bar.first.clicked.connect(self._first_clicked)
        self.bar.second.clicked.connect(self._second_clicked)
        window.buffer.saved.connect(self._on_saved)

    # Opening

    def file_opened(self, path: Path) -> None:
        """Show what kind of file was opened and start watching it."""
        buffer = self.window.buffer
        session = self.window.editing.session
        self.bar.hide()
        self.changed_text = None
        source = buffer.source
        session.read_only_reason = ""
        if source is not None and source.is_package:
            self._show_package(source)
        elif is_json_template(buffer.path, buffer.text):
            session.read_only_reason = (
                "This is a JSON template. The diagram writes YAML, so it does not "
                "edit JSON; convert the template to YAML to edit it on the diagram."
            )
            self.bar.show_notice(
                f"{path.name} is a JSON template: edit it in the text, or convert it "
                "to YAML to edit it on the diagram. The JSON file is not changed "
                "until you save over it.",
                first=("Convert to YAML", "convertToYaml"),
            )
        self._watch(buffer.path)

    def text_opened(self) -> None:
        """Stop watching the previous file, for a text that has no file."""
        self.bar.hide()
        self.changed_text = None
        self.window.editing.session.read_only_reason = ""
        self._watch(None)

    def _show_package(self, source: TemplateSource) -> None:
        buffer = self.window.buffer
        if buffer.path is not None:
            where = f"Save writes {buffer.path.name} beside the package."
        else:
            suggested = buffer.suggested_path.name if buffer.suggested_path else ""
            where = (
                f"{suggested} exists beside it already, so Save asks where to write."
            )
        self.bar.show_notice(
            f"Opened {source.member} from the package {source.path.name}, which is "
            f"never changed. {where}"
        )

    def _watch(self, path: Path | None) -> None:
        if self.watcher.files():
            self.watcher.removePaths(self.watcher.files())
        self.known_text = None
        if path is None or not path.exists():
            return
        try:
            self.known_text = read_text(path)
        except (OSError, UnicodeDecodeError) as error:
            log.warning("cannot read %s to watch it: %s", path, error)
            return
        self.watcher.addPath(str(path))

    @Slot(str)
    def _on_saved(self, file_text: str) -> None:
        self.known_text = file_text
        path = self.window.buffer.path
        if path is not None and str(path) not in self.watcher.files():
            self._watch(path)
            self.known_text = file_text
        if self.changed_text is not None:
            self.changed_text = None
            self.bar.hide()

    # Changes on disk

    @Slot(str)
    def _on_file_changed(self, _path: str) -> None:
        self._settle.start()

    @Slot()
    def check_disk(self) -> None:
        """Compare the file with the text last read or written, and offer to reload
        it when another program changed it."""
        path = self.window.buffer.path
        if path is None:
            return
        if str(path) not in self.watcher.files() and path.exists():
            # Saving through a temporary file replaces the file, which ends the watch.
            self.watcher.addPath(str(path))

        text = self._read_changed(path)
        if text is None or text == self.known_text or text == self.changed_text:
            return
        self.changed_text = text
        self._offer_reload(path)

    def _read_changed(self, path: Path) -> str | None:
        """Return the file's text, or None (after saying so) when it cannot be read."""
        try:
            return read_text(path)
        except FileNotFoundError:
            log.info("%s was deleted or moved", path)
            self.bar.show_notice(
                f"{path.name} was deleted or moved on disk. Your text is still here; "
                "save to write it again.",
                warning=True,
            )
        except (OSError, UnicodeDecodeError) as error:
            log.warning("cannot read %s after it changed: %s", path, error)
        return None

    def _offer_reload(self, path: Path) -> None:
        modified = self.window.editor.document().isModified()
        unsaved = (
            " Your unsaved changes stay in the undo history, so Undo brings them back."
            if modified
            else ""
        )
        log.info("%s changed on disk", path)
        self.bar.show_notice(
            f"{path.name} changed on disk.{unsaved}",
            warning=True,
            first=("Reload", "reloadFile"),
            second=("Keep My Text", "keepText"),
        )

    def reload(self) -> bool:
        """Replace the text with the file's, as one undo step."""
        text = self.changed_text
        buffer = self.window.buffer
        if text is None:
            return False
        editor_text, text_format = decode(text)
        edit = changed_range(buffer.text, editor_text)
        if edit is not None:
            buffer.apply_edits([edit])
            self.window.editing.history.label_last_text_step("Reload from Disk")
        buffer.text_format = text_format
        buffer.document.setModified(False)
        self.known_text = text
        self.changed_text = None
        self.bar.hide()
        buffer.analyze_now()
        log.info("reloaded %s", buffer.path)
        return True

    def keep_text(self) -> None:
        """Keep the text as it is; saving will write it over the file."""
        self.known_text = self.changed_text
        self.changed_text = None
        self.bar.hide()

    # JSON

    def convert_to_yaml(self) -> bool:
        """Rewrite a JSON template as YAML in one undo step, to be saved beside it."""
        window = self.window
        session = window.editing.session
        document = session.synced()
        template = document.current
        if template is None:
            window.statusBar().showMessage(
                "Convert to YAML was not made: the JSON does not parse; fix it first.",
                10000,
            )
            return False
        buffer = window.buffer
        edit = changed_range(buffer.text, yaml_text(template.data))
        if edit is not None:
            buffer.apply_edits([edit])
            self.window.editing.history.label_last_text_step("Convert to YAML")
        session.read_only_reason = ""

        old = buffer.path or buffer.suggested_path
        if old is not None:
            target = old.with_suffix(".yaml")
            buffer.path, buffer.suggested_path = (
                (None, target) if target.exists() else (target, None)
            )
            buffer.path_changed.emit()
        name = (buffer.path or buffer.suggested_path or Path("template.yaml")).name
        self.bar.show_notice(
            f"Converted to YAML. Save writes {name}; the JSON file stays as it was."
        )
        self._watch(buffer.path)
        buffer.analyze_now()
        return True

    # Buttons

    @Slot()
    def _first_clicked(self) -> None:
        name = self.bar.first.objectName()
        if name == "reloadFile":
            self.reload()
        elif name == "convertToYaml":
            self.convert_to_yaml()

    @Slot()
    def _second_clicked(self) -> None:
        if self.bar.second.objectName() == "keepText":
            self.keep_text()
