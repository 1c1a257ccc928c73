"""`aos-designer serve` as a separate process: its token file, its output and its
request log, and a clean stop on SIGTERM."""

from __future__ import annotations

import os
import re
import signal
import stat
import subprocess
import sys
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[3]


def start_serve(state: Path, *extra: str) -> subprocess.Popen:
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "aos_designer",
            "serve",
            "--port",
            "0",
            "--state-dir",
            str(state),
            "--time-scale",
            "0",
            *extra,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
        cwd=ROOT,
    )


def read_banner(process: subprocess.Popen) -> tuple[str, Path]:
    assert process.stdout is not None
    first = process.stdout.readline()
    second = process.stdout.readline()
    url = re.match(r"Serving the AOS API on (http://127\.0\.0\.1:\d+) ", first)
    path = re.match(r"Token file: (.+) \(send its first line in X-Auth-Token\)", second)
    assert url, first
    assert path, second
    return url.group(1), Path(path.group(1))


def stop(process: subprocess.Popen) -> tuple[str, str]:
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=30)
    return out, err


def test_serve_generates_private_token(tmp_path):
    state = tmp_path / "state"
    process = start_serve(state)
    try:
        url, token_path = read_banner(process)
        assert token_path == state / "server-token"
        assert stat.S_IMODE(token_path.stat().st_mode) == 0o600
        token = token_path.read_text().splitlines()[0]
        assert re.fullmatch(r"[0-9a-f]{64}", token)
        allowed = requests.get(
            f"{url}/v2/stacks", headers={"X-Auth-Token": token}, timeout=5
        )
        assert allowed.status_code == 200
        assert allowed.json() == []
        refused = requests.get(f"{url}/v2/stacks", timeout=5)
        assert refused.status_code == 401
    finally:
        out, err = stop(process)
    assert process.returncode == 0
    assert token not in out
    assert token not in err
    assert re.search(
        r"INFO aos_designer\.server\.app: 127\.0\.0\.1 GET /v2/stacks 200 ", err
    )
    assert re.search(
        r"INFO aos_designer\.server\.app: 127\.0\.0\.1 GET /v2/stacks 401 ", err
    )
    assert "server stopped" in err


def test_serve_new_token_each_start(tmp_path):
    state = tmp_path / "state"
    tokens = []
    for _ in range(2):
        process = start_serve(state)
        try:
            _, token_path = read_banner(process)
            tokens.append(token_path.read_text())
        finally:
            stop(process)
    assert tokens[0] != tokens[1]


def test_serve_token_file_used(tmp_path):
    token_file = tmp_path / "token.txt"
    token_file.write_text("a-team-token-shared-by-file-0001\nsecond line is ignored\n")
    token_file.chmod(0o600)
    process = start_serve(tmp_path / "state", "--token-file", str(token_file))
    try:
        url, shown = read_banner(process)
        assert shown == token_file
        answer = requests.get(
            f"{url}/v2/templates",
            headers={"X-Auth-Token": "a-team-token-shared-by-file-0001"},
            timeout=5,
        )
        assert answer.status_code == 200
    finally:
        stop(process)
    assert not (tmp_path / "state" / "server-token").exists()


def test_serve_short_token_file_rejected(tmp_path):
    token_file = tmp_path / "token.txt"
    token_file.write_text("short\n")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "aos_designer",
            "serve",
            "--token-file",
            str(token_file),
            "--state-dir",
            str(tmp_path / "state"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.strip().endswith(
        f"the first line of token file {token_file} has 5 characters; a token needs "
        "at least 16"
    )


def test_serve_port_in_use(tmp_path):
    first = start_serve(tmp_path / "one")
    try:
        url, first_token = read_banner(first)
        token_before = first_token.read_bytes()
        port = url.rsplit(":", 1)[1]
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "aos_designer",
                "serve",
                "--port",
                port,
                "--state-dir",
                str(tmp_path / "two"),
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            timeout=60,
        )
        second = subprocess.run(
            [
                sys.executable,
                "-m",
                "aos_designer",
                "serve",
                "--port",
                port,
                "--state-dir",
                str(tmp_path / "one"),
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            timeout=60,
        )
        token_after = first_token.read_bytes()
    finally:
        stop(first)
    assert result.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}: Address already in use" in result.stderr
    assert not (tmp_path / "two" / "server-token").exists()
    assert second.returncode == 2
    assert second.stderr == (
        f"aos-designer serve: cannot listen on 127.0.0.1:{port}: Address already in "
        "use; choose another --port or stop the program using it\n"
    )
    assert token_after == token_before
