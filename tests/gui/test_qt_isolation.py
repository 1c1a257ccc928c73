"""Only aos_designer.gui imports Qt: every other module loads without PySide6."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent(
    """
    import importlib
    import pkgutil
    import sys

    import aos_designer

    imported = []
    for info in pkgutil.walk_packages(aos_designer.__path__, "aos_designer."):
        if info.name == "aos_designer.gui" or info.name.startswith("aos_designer.gui."):
            continue
        if info.name == "aos_designer.__main__":
            continue
        importlib.import_module(info.name)
        imported.append(info.name)
    from aos_designer.cli import build_parser

    build_parser()
    print(len(imported))
    qt = ("PySide6", "shiboken6")
    print(sorted(name for name in sys.modules if name.split(".")[0] in qt))
    """
)


def test_core_imports_leave_qt_out():
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    count, qt_modules = result.stdout.splitlines()
    assert int(count) >= 15
    assert qt_modules == "[]"


def test_gui_imports_qt():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, aos_designer.gui.window; print('PySide6' in sys.modules)",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout == "True\n", result.stderr
