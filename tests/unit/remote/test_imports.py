"""The remote client and the server run where Qt is absent, and the command line
builds its parser without loading HTTP code."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import aos_designer.remote
import aos_designer.server

ROOT = Path(__file__).resolve().parents[3]


def modules_of(package) -> list[str]:
    return [
        f"{package.__name__}.{info.name}"
        for info in pkgutil.iter_modules(package.__path__)
    ]


def imported_after(code: str) -> list[str]:
    completed = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return completed.stdout.split()


def test_remote_and_server_without_qt():
    names = (
        modules_of(aos_designer.remote)
        + modules_of(aos_designer.server)
        + ["aos_designer.commands.serve", "aos_designer.commands.profile"]
    )
    assert len(names) > 20
    code = (
        "import sys\n"
        + "".join(f"import {name}\n" for name in names)
        + "print(*sorted({m.split('.')[0] for m in sys.modules}))\n"
    )
    loaded = imported_after(code)
    assert "PySide6" not in loaded
    assert "flask" in loaded


def test_parser_loads_no_http_code():
    code = (
        "import sys\n"
        "from aos_designer.cli import build_parser\n"
        "build_parser()\n"
        "print(*sorted({m.split('.')[0] for m in sys.modules}))\n"
    )
    loaded = imported_after(code)
    assert "requests" not in loaded
    assert "flask" not in loaded
    assert "keyring" not in loaded
