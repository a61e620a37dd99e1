"""`flask backup` and `flask restore` on SQLite and PostgreSQL: a restore brings back exactly the day of the
backup, a file that is not a backup is refused in Spanish without touching the data, and the backup is
readable by its owner only."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from core.extensions import db
from core.models import Ticket

pytestmark = pytest.mark.postgres


def _numbers() -> list[int]:
    numbers = list(db.session.scalars(select(Ticket.number).order_by(Ticket.id)))
    db.session.remove()
    return numbers


def _cli(app: Flask, *args: str):
    db.session.remove()
    return app.test_cli_runner().invoke(args=list(args), catch_exceptions=False)


def test_restore_brings_back_the_backup_exactly(app: Flask, db_backend: str, counter, tmp_path: Path) -> None:
    for _ in range(3):
        counter.issue()
    at_backup = _numbers()
    target = tmp_path / "turnero.backup"
    done = _cli(app, "backup", str(target))
    assert done.exit_code == 0, done.output
    assert "Respaldo escrito" in done.output
    assert stat.S_IMODE(target.stat().st_mode) == 0o600, "a backup holds personal data"

    counter.issue()
    counter.issue()
    assert len(_numbers()) == len(at_backup) + 2
    done = _cli(app, "restore", "--yes", str(target))
    assert done.exit_code == 0, done.output
    assert _numbers() == at_backup
    counter.issue()  # the restored database takes new tickets, numbered after the restored ones
    assert _numbers() == [*at_backup, 4]


def test_a_file_that_is_not_a_backup_is_refused_and_nothing_changes(app: Flask, db_backend: str, counter,
                                                                    tmp_path: Path) -> None:
    counter.issue()
    before = _numbers()
    bogus = tmp_path / "no-es-respaldo.backup"
    bogus.write_bytes(b"esto no es una base de datos\n" * 20)
    done = app.test_cli_runner().invoke(args=["restore", "--yes", str(bogus)])
    assert done.exit_code != 0
    assert "no es un respaldo de Turnero" in done.output and "no se tocó" in done.output
    assert _numbers() == before


def test_an_existing_file_is_never_overwritten(app: Flask, db_backend: str, tmp_path: Path) -> None:
    target = tmp_path / "ya-existe.backup"
    target.write_text("respaldo de ayer")
    done = app.test_cli_runner().invoke(args=["backup", str(target)])
    assert done.exit_code != 0 and "Ya existe" in done.output
    assert target.read_text() == "respaldo de ayer"
