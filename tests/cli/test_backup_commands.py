"""`flask backup` and `flask restore` as an administrator runs them: the database password never shows in the
process list, a mistyped folder is refused, the confirmation is asked and answered in Spanish, and a restore
refuses while a running instance still uses the database."""

from __future__ import annotations

import os
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from core import backup, clock
from core.extensions import db
from core.jobs import lease
from core.models import Ticket
from core.panels import health
from core.people import users

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


def _taken(app, tmp_path: Path) -> Path:
    target = tmp_path / "turnero.backup"
    done = app.test_cli_runner().invoke(args=["backup", str(target)])
    assert done.exit_code == 0, done.output
    return target


def _tickets() -> int:
    count = db.session.scalar(select(func.count(Ticket.id)))
    db.session.remove()
    return count


@pytest.mark.parametrize("answer", ["s", "sí", "SI"])
def test_the_confirmation_takes_a_spanish_yes(app, counter, tmp_path: Path, answer: str) -> None:
    """«¿Continuar? [s/N]» answered «s» or «sí» restores (click's English prompt called them invalid input)."""
    source = _taken(app, tmp_path)
    counter.issue()
    db.session.remove()
    done = app.test_cli_runner().invoke(args=["restore", str(source)], input=f"{answer}\n")
    assert done.exit_code == 0, done.output
    assert "[s/N]" in done.output and "Base de datos restaurada" in done.output
    assert _tickets() == 0


@pytest.mark.parametrize("answers", ["n\n", "no\n", "\n", "quizá\nn\n", ""])
def test_anything_but_yes_cancels_in_spanish(app, counter, tmp_path: Path, answers: str) -> None:
    """«n», «no», Enter or no input cancel with a Spanish message, and nothing changes; another answer is asked
    again in Spanish. Never click's «Error: invalid input» or «Aborted!»."""
    source = _taken(app, tmp_path)
    counter.issue()
    done = app.test_cli_runner().invoke(args=["restore", str(source)], input=answers)
    assert done.exit_code == 1
    assert "Cancelado: no se cambió nada." in done.output
    assert "Aborted" not in done.output and "invalid input" not in done.output
    assert ("Responda «s» (sí) o «n» (no)." in done.output) == ("quizá" in answers)
    assert _tickets() == 1


def test_a_restore_refuses_while_the_print_worker_runs(app, counter, tmp_path: Path) -> None:
    """A live «print-worker» lease means an instance is up: it would number today's tickets from its own counters
    after the restore (D-001 again). The refusal names the server, the process and what to stop; once the worker
    has stopped (its lease released) the restore goes on."""
    source = _taken(app, tmp_path)
    counter.issue()
    assert lease.acquire(lease.PRINT_WORKER, "servidor-b:4242:9f3a", ttl=30)
    done = app.test_cli_runner().invoke(args=["restore", "--yes", str(source)])
    assert done.exit_code != 0
    assert "No se restaura" in done.output and "Impresión de fichas" in done.output
    assert "proceso 4242 del servidor servidor-b" in done.output and "turnero-print-worker" in done.output
    assert _tickets() == 1
    lease.release(lease.PRINT_WORKER, "servidor-b:4242:9f3a")
    done = app.test_cli_runner().invoke(args=["restore", "--yes", str(source)])
    assert done.exit_code == 0, done.output
    assert _tickets() == 0


def test_a_restore_refuses_while_a_panel_is_connected(app, tmp_path: Path) -> None:
    """A panel that reported a moment ago is served by a running web instance: named, with what to stop;
    --force restores anyway (and a backup taken today, before any ticket, warns of nothing)."""
    source = _taken(app, tmp_path)
    device, _token = users.create_device("panel", "panel-plataforma-2", area="PLAT")
    health.report(device.id, connected=True, seq=3, audio="ok", version="1")
    db.session.remove()
    done = app.test_cli_runner().invoke(args=["restore", "--yes", str(source)])
    assert done.exit_code != 0
    assert "panel «panel-plataforma-2» está conectado" in done.output and "turnero@" in done.output
    done = app.test_cli_runner().invoke(args=["restore", "--yes", "--force", str(source)])
    assert done.exit_code == 0 and "Atención" not in done.output, done.output


def test_an_older_backup_warns_that_todays_numbers_would_repeat(app, counter, tmp_path: Path) -> None:
    """A backup from yesterday night, restored today: before asking, it says today's tickets are lost and today's
    numbering would start again while customers hold today's tickets. Answering «n» changes nothing."""
    source = _taken(app, tmp_path)
    yesterday = clock.now() - timedelta(days=1)
    os.utime(source, (yesterday.timestamp(), yesterday.timestamp()))
    counter.issue()
    counter.issue()
    done = app.test_cli_runner().invoke(args=["restore", str(source)], input="n\n")
    assert done.exit_code == 1
    warning = done.output.index("Atención: Este respaldo es del")
    assert warning < done.output.index("¿Continuar?")
    assert "de un día anterior a hoy" in done.output and "se perderán las 2 fichas emitidas hoy" in done.output
    assert "volverá a empezar" in done.output and "se repetirían números ya entregados" in done.output
    assert _tickets() == 2

