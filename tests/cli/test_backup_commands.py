"""`flask backup` and `flask restore` as an administrator runs them: the database password never shows in the
process list, a mistyped folder is refused, the confirmation is asked and answered in Spanish, and a restore
refuses while a running instance still uses the database."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from core import backup

PG_URL = "postgresql+psycopg://turnero:s3creta-Clave@db.example:5432/turnero"


@pytest.fixture
def commands(monkeypatch: pytest.MonkeyPatch) -> list[tuple[list[str], dict[str, str]]]:
    """Every pg_dump/pg_restore started, with its environment; each succeeds and lists a Turnero backup."""
    started: list[tuple[list[str], dict[str, str]]] = []

    def run(command: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
        started.append((command, kwargs.get("env") or {}))
        return subprocess.CompletedProcess(command, 0, stdout="1; 2 TABLE public ticket turnero\n", stderr="")

    monkeypatch.setattr(backup.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(backup.subprocess, "run", run)
    return started


def test_the_database_password_is_never_on_a_command_line(commands, tmp_path: Path) -> None:
    """`ps` shows every user the arguments of pg_dump and pg_restore: the password goes in their environment."""
    backup.backup(PG_URL, tmp_path / "turnero.backup")
    source = tmp_path / "copia.backup"
    source.write_bytes(b"PGDMP")
    backup.restore(PG_URL, source)
    assert [Path(argv[0]).name for argv, _env in commands] == ["pg_dump", "pg_restore", "pg_restore"]
    for argv, _env in commands:
        assert not any("s3creta-Clave" in arg for arg in argv), argv
    assert all(env.get("PGPASSWORD") == "s3creta-Clave" for argv, env in commands if "--list" not in argv)
    assert any("--dbname=postgresql://turnero@db.example:5432/turnero" in argv for argv, _env in commands)


def test_a_mistyped_folder_is_refused_and_not_created(app, tmp_path: Path) -> None:
    """`flask backup /typo/dir/x.backup` says the folder does not exist, instead of creating the whole path."""
    target = tmp_path / "respaldso" / "diario" / "turnero.backup"
    done = app.test_cli_runner().invoke(args=["backup", str(target)])
    assert done.exit_code != 0
    assert f"No existe la carpeta {target.parent}" in done.output
    assert not (tmp_path / "respaldso").exists()
