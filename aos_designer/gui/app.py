"""Starting the window: `aos-designer [FILE] [--screenshot OUT.png]`."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from .. import __version__
from ..template.package import PackageError, read_template
from .window import APPLICATION_NAME, MainWindow

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
# How long --screenshot waits for the template to be analysed and laid out.
SCREENSHOT_TIMEOUT_MS = 60_000


def application() -> QApplication:
    """Return the running QApplication, creating it when there is none."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
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
    if args.screenshot:
        # A picture of the window needs no screen, so it works on machines without one.
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        return _screenshot(args.file, Path(args.screenshot))
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
        window.open_path(args.file)
    code = app.exec()
    # Closing the window stops the worker thread; this covers a quit without a close.
    window.buffer.shutdown()
    return code


def _screenshot(file: str | None, output: Path) -> int:
    if file is not None:
        try:
            # Packages open in the window too, so the check reads them as it does.
            read_template(file)
        except (OSError, UnicodeDecodeError, PackageError) as error:
            print(f"aos-designer: cannot read {file}: {error}", file=sys.stderr)
            return EXIT_USAGE
    if output.suffix.lower() != ".png":
        print(
            f"aos-designer: --screenshot needs a .png file name, not '{output}'",
            file=sys.stderr,
        )
        return EXIT_USAGE
    app = application()
    window = MainWindow(unattended=True)
    shooter = _Screenshot(app, window, output)
    window.analysis_shown.connect(shooter.on_shown)
    window.show()
    if file is not None:
        window.open_path(file)
    else:
        window.buffer.analyze_now()
    QTimer.singleShot(SCREENSHOT_TIMEOUT_MS, shooter.on_timeout)
    code = app.exec()
    window.buffer.shutdown()
    return code


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
        # One more turn of the event loop lets layouts and the first paint settle.
        QTimer.singleShot(50, self.save)

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
