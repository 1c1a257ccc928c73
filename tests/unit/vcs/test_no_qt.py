"""The Git layer, the comparison and their commands run where Qt is absent."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
MODULES = (
    "aos_designer.vcs",
    "aos_designer.template.compare",
    "aos_designer.commands.git",
    "aos_designer.commands.diff",
)


def test_modules_import_without_qt():
    code = (
        "import sys\n"
        + "".join(f"import {name}\n" for name in MODULES)
        + "print(sorted(m for m in sys.modules if m.split('.')[0] == 'PySide6'))\n"
    )

    completed = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == "[]\n"
