"""State folders the engine cannot use: each command that opens the engine, and
`serve`, exits 2 with a message naming the folder, the reason and the fix."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from aos_designer.cli import main
from aos_designer.data import sample_template
from aos_designer.engine import Engine
from aos_designer.engine.database import DATABASE_FILE, SCHEMA_VERSION
from aos_designer.engine.errors import StateFolderError

SAMPLE = str(sample_template())
CHOOSE = "choose another folder with --state-dir DIR"


@pytest.fixture
def aos(capsys):
    """Run the command line in this process; return (exit code, stdout, stderr)."""

    def call(*arguments: str) -> tuple[int, str, str]:
        code = main(list(arguments))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return call


def not_sqlite(folder: Path, name: str = DATABASE_FILE) -> Path:
    folder.mkdir()
    (folder / name).write_bytes(b"these bytes are no SQLite database" * 8)
    return folder


def newer_version(folder: Path) -> Path:
    Engine(folder).close()
    with sqlite3.connect(folder / DATABASE_FILE) as connection:
        connection.execute(
            "UPDATE meta SET value = ? WHERE key = 'schema_version'",
            (str(SCHEMA_VERSION + 1),),
        )
    connection.close()
    return folder


def expected_messages(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """Return, per kind of bad folder, the folder and the message it gets."""
    file = tmp_path / "a-file"
    file.write_text("not a folder\n", encoding="utf-8")
    below_file = file / "state"
    garbage = not_sqlite(tmp_path / "garbage")
    newer = newer_version(tmp_path / "newer")
    database_folder = tmp_path / "database-folder"
    (database_folder / DATABASE_FILE).mkdir(parents=True)
    return {
        "file": (
            file,
            f"cannot use the state folder {file}: it is a file, not a folder; {CHOOSE}",
        ),
        "below a file": (
            below_file,
            f"cannot use the state folder {below_file}: {file} is a file, not a "
            f"folder; {CHOOSE}",
        ),
        "not SQLite": (
            garbage,
            f"cannot use the state folder {garbage}: {garbage / DATABASE_FILE} is not "
            "an SQLite database of AOS Designer (file is not a database); move the "
            f"file out of the folder, or {CHOOSE}",
        ),
        "newer version": (
            newer,
            f"cannot use the state folder {newer}: its {DATABASE_FILE} was written by "
            f"a newer version of AOS Designer (state version {SCHEMA_VERSION + 1}; "
            f"this version reads up to {SCHEMA_VERSION}); upgrade AOS Designer, or "
            f"{CHOOSE}",
        ),
        "database is a folder": (
            database_folder,
            f"cannot use the state folder {database_folder}: "
            f"{database_folder / DATABASE_FILE} cannot be opened (unable to open "
            "database file); check that the folder and the file are writable, or "
            f"{CHOOSE}",
        ),
    }


KINDS = ["file", "below a file", "not SQLite", "newer version", "database is a folder"]


@pytest.mark.parametrize("kind", KINDS)
def test_engine_raises_state_folder_error(tmp_path, kind):
    folder, message = expected_messages(tmp_path)[kind]
    with pytest.raises(StateFolderError) as caught:
        Engine(folder)
    assert str(caught.value) == message
    assert caught.value.folder == str(folder)


COMMANDS = [
    ("stacks",),
    ("deploy", SAMPLE, "--stack", "web", "--time-scale", "0"),
    ("plan", SAMPLE, "--stack", "web"),
    ("retry", "--stack", "web"),
    ("delete", "--stack", "web"),
    ("cancel", "--stack", "web"),
    ("outputs", "--stack", "web"),
    ("events", "--stack", "web"),
    ("resources", "--stack", "web"),
    ("drift", "--stack", "web"),
    ("sandbox", "list"),
    ("sandbox", "set", "--quota", "VPC.VPC=9"),
]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_command_exits_2_naming_folder(aos, tmp_path, kind, command):
    folder, message = expected_messages(tmp_path)[kind]
    code, out, err = aos(*command, "--state-dir", str(folder))
    name = command[0]
    assert (code, out) == (2, "")
    assert err == f"aos-designer {name}: {message}\n"


def test_newer_database_left_unchanged(aos, tmp_path):
    folder, _ = expected_messages(tmp_path)["newer version"]
    before = (folder / DATABASE_FILE).read_bytes()
    assert aos("deploy", SAMPLE, "--stack", "web", "--state-dir", str(folder))[0] == 2
    assert (folder / DATABASE_FILE).read_bytes() == before


@pytest.mark.parametrize("kind", ["file", "not SQLite", "newer version"])
def test_serve_exits_2_without_token(aos, tmp_path, kind):
    folder, message = expected_messages(tmp_path)[kind]
    code, out, err = aos("serve", "--port", "0", "--state-dir", str(folder))
    assert (code, out) == (2, "")
    assert err == f"aos-designer serve: {message}\n"
    if folder.is_dir():
        assert not (folder / "server-token").exists()


def test_serve_server_store_not_sqlite(aos, tmp_path):
    folder = not_sqlite(tmp_path / "state", "server.sqlite3")
    code, out, err = aos("serve", "--port", "0", "--state-dir", str(folder))
    assert (code, out) == (2, "")
    assert err == (
        f"aos-designer serve: cannot use the state folder {folder}: "
        f"{folder / 'server.sqlite3'} is not an SQLite database of AOS Designer "
        f"(file is not a database); move the file out of the folder, or {CHOOSE}\n"
    )
