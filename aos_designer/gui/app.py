"""Starting the window: `aos-designer [FILE] [--screenshot OUT.png]`."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QMessageLogContext, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from .. import __version__
from ..template.package import PackageError, read_failure, read_template
from .window import APPLICATION_NAME, MainWindow

log = logging.getLogger(__name__)
qt_log = logging.getLogger("aos_designer.gui.qt")

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
# How long --screenshot waits for the template to be analysed and laid out.
SCREENSHOT_TIMEOUT_MS = 60_000
# How long --screenshot waits after the template is shown, in milliseconds.
SETTLE_MS = 300

# Qt messages that contain nothing a user can act on. The offscreen platform, used for
# --screenshot and render, prints the first one for every window it shows.
IGNORED_QT_MESSAGES = frozenset({"This plugin does not support propagateSizeHints()"})

_QT_LOG_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def log_qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Send a message of Qt's own to logging, dropping the ones in
    `IGNORED_QT_MESSAGES`."""
    if message in IGNORED_QT_MESSAGES:
        return
    qt_log.log(_QT_LOG_LEVELS.get(kind, logging.WARNING), "Qt: %s", message)


def application() -> QApplication:
    """Return the running QApplication, creating it when there is none."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    qInstallMessageHandler(log_qt_message)
    app = QApplication(sys.argv[:1])
    app.setApplicationName(APPLICATION_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("aos-designer")
    return app


def has_display() -> bool:
    """Tell whether Qt can open a window here: a platform was chosen, or a display
    server is named in the environment (Windows and macOS always have one)."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run_window(args: argparse.Namespace) -> int:
    """Open the window on `args.file` and run it until it closes; return the exit code.

    With `args.screenshot`, save a picture of the window once the file is shown and
    exit instead.
    """
    if getattr(args, "state_dir", None):
        os.environ["AOS_DESIGNER_STATE_DIR"] = str(args.state_dir)
    main = getattr(args, "main", None)
    problem = _main_problem(args.file, main)
    if problem is not None:
        print(f"aos-designer: {problem}", file=sys.stderr)
        return EXIT_USAGE
    if args.screenshot:
        # A picture of the window needs no screen, so it works on machines without one.
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        return _screenshot(args.file, Path(args.screenshot), main)
    if not has_display():
        print(
            "aos-designer: no display found, so the window cannot open. Run it in a "
            "desktop session, under `xvfb-run -a`, or with QT_QPA_PLATFORM=offscreen; "
            "`aos-designer --help` lists the commands that need no window, such as "
            "`aos-designer validate FILE`.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    app = application()
    window = MainWindow()
    window.show()
    if args.file:
        window.open_path(args.file, main)
    code = app.exec()
    # Closing the window stops the worker thread; this covers a quit without a close.
    window.buffer.shutdown()
    return code


def _screenshot(file: str | None, output: Path, main: str | None = None) -> int:
    problem = _screenshot_problem(file, output, main)
    if problem is not None:
        print(f"aos-designer: {problem}", file=sys.stderr)
        return EXIT_USAGE
    app = application()
    window = MainWindow(unattended=True)
    shooter = _Screenshot(app, window, output)
    window.analysis_shown.connect(shooter.on_shown)
    window.show()
    if file is not None:
        window.open_path(file, main)
    else:
        window.buffer.analyze_now()
    QTimer.singleShot(SCREENSHOT_TIMEOUT_MS, shooter.on_timeout)
    code = app.exec()
    window.buffer.shutdown()
    return code


def _main_problem(file: str | None, main: str | None) -> str | None:
    """Return why --main cannot apply to FILE, or None. A FILE that cannot be read
    is left to the window, which shows why."""
    if main is None:
        return None
    if file is None:
        return f"--main {main} names the main file inside a template package; give the package as FILE"
    try:
        source = read_template(file, main)
    except (OSError, UnicodeDecodeError, PackageError):
        return None
    if source.is_package:
        return None
    return (
        f"--main {main} names the main file inside a template package, but {file} is "
        "a plain template file; leave --main out"
    )


def _screenshot_problem(file: str | None, output: Path, main: str | None) -> str | None:
    """Return why --screenshot cannot work, or None. It is checked before the window
    starts, so a wrong path fails at once."""
    if file is not None:
        try:
            # Packages open in the window too, so the check reads them as it does.
            read_template(file, main)
        except (OSError, UnicodeDecodeError, PackageError) as error:
            message = read_failure(file, error, "--main NAME")
            if isinstance(error, FileNotFoundError):
                message += "; check the path, or leave FILE out to show a new template"
            return message
    if output.suffix.lower() != ".png":
        return f"--screenshot needs a .png file name, not '{output}'"
    folder = output.parent
    if not folder.is_dir():
        return (
            f"cannot write the screenshot to {output}: the folder {folder} does not "
            "exist; create it or choose another --screenshot path"
        )
    if not os.access(folder, os.W_OK):
        return (
            f"cannot write the screenshot to {output}: the folder {folder} is not "
            "writable; choose another --screenshot path"
        )
    return None


class _Screenshot:
    """Saves the window once the opened template is shown, then ends the event loop."""

    def __init__(self, app: QApplication, window: MainWindow, output: Path) -> None:
        self.app = app
        self.window = window
        self.output = output
        self.done = False

    def on_shown(self, analysis: object) -> None:
        if self.done or not self.window.buffer.up_to_date:
            return
        self.done = True
        # A short wait lets layouts, the first paint and the deferred overlays (the
        # minimap refreshes 50 ms after the view settles) finish before the picture.
        QTimer.singleShot(SETTLE_MS, self.save)

    def save(self) -> None:
        picture = self.window.grab()
        if picture.save(str(self.output), "PNG"):
            log.info("saved a screenshot to %s", self.output)
            self.app.exit(EXIT_OK)
            return
        print(
            f"aos-designer: could not write the screenshot to {self.output}",
            file=sys.stderr,
        )
        self.app.exit(EXIT_USAGE)

    def on_timeout(self) -> None:
        if not self.done:
            print(
                "aos-designer: the template was not shown in time; no screenshot taken",
                file=sys.stderr,
            )
            self.app.exit(EXIT_FAILURE)
