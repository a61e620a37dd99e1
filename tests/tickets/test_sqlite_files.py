"""The SQLite database and its -wal/-shm files are readable by their owner only, whatever the umask."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.extensions import db
from tests.apps import create_and_seed, make_app
from tests.builders import make_ticket


@pytest.fixture
def usual_umask() -> Iterator[None]:
    """The common umask 022: without care SQLite would create world-readable files."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_database_and_wal_files_are_private(tmp_path: Path, usual_umask) -> None:
    """A fresh database, once written in WAL mode, leaves turnero.db, -wal and -shm at 0600."""
    path = tmp_path / "turnero.db"
    app = make_app(f"sqlite:///{path}", tmp_path / "instance")
    create_and_seed(app)
    with app.app_context():
        make_ticket()
        files = [path, Path(f"{path}-wal"), Path(f"{path}-shm")]
        assert all(f.exists() for f in files)
        assert {f.name: oct(_mode(f)) for f in files} == {f.name: "0o600" for f in files}
        db.session.remove()
        db.engine.dispose()


def test_existing_world_readable_database_is_made_private(tmp_path: Path, usual_umask) -> None:
    """A database left readable by everyone (an older version) is restricted on the next connection."""
    path = tmp_path / "turnero.db"
    path.touch(mode=0o644)
    os.chmod(path, 0o644)
    app = make_app(f"sqlite:///{path}", tmp_path / "instance")
    create_and_seed(app)
    with app.app_context():
        assert _mode(path) == 0o600
        db.engine.dispose()


def _synchronous(app) -> int:
    with app.app_context():
        with db.engine.connect() as connection:
            level = connection.exec_driver_sql("PRAGMA synchronous").scalar()
        db.engine.dispose()
    return level


def test_every_commit_reaches_the_disk_unless_configured_otherwise(tmp_path: Path) -> None:
    """FULL by default: a ticket a kiosk showed and printed survives a power cut, so its number is never given
    again. NORMAL when SQLITE_SYNCHRONOUS says so; a value SQLite does not take stops the start, in Spanish."""
    path = f"sqlite:///{tmp_path / 'turnero.db'}"
    assert _synchronous(make_app(path, tmp_path / "instance")) == 2  # FULL
    assert _synchronous(make_app(path, tmp_path / "instance", SQLITE_SYNCHRONOUS="NORMAL")) == 1
    with pytest.raises(RuntimeError, match="SQLITE_SYNCHRONOUS debe ser FULL, NORMAL o EXTRA, no «OFF»"):
        make_app(path, tmp_path / "instance", SQLITE_SYNCHRONOUS="OFF")
