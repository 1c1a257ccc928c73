"""The command line stops quietly when the reader of its output goes away."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_closed_pipe_is_not_an_error(data_dir, tmp_path) -> None:
    # A long output, so the first write after `head` exits hits the closed pipe.
    template = data_dir / "iaas-vpc-subnet-ecs.yaml"
    files = " ".join([str(template)] * 400)
    result = subprocess.run(
        f"{sys.executable} -m aos_designer validate {files} | head -n 1",
        shell=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.startswith(str(template))
    assert "Traceback" not in result.stderr
    assert "BrokenPipeError" not in result.stderr
