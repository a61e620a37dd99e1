"""Alembic is loaded by `flask db …` only: a server process does without its ~12 MB and its imports, and the
migration commands still work from the command line."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from core.config import ROOT


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    """`python *args` in the project, as a production process with its own SQLite file."""
    env = {**os.environ, "SECRET_KEY": "db-commands-test-key", "DATABASE_URL": f"sqlite:///{tmp_path / 't.db'}",
           "TURNERO_INSTANCE": str(tmp_path / "instance"), "TURNERO_ENV": "production"}
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)


def test_the_server_app_does_not_import_alembic(tmp_path: Path) -> None:
    out = _run(tmp_path, "-c", "import sys, wsgi; "
               "print(sorted(m for m in sys.modules if m.split('.')[0] in ('alembic', 'flask_migrate')))")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_flask_db_upgrade_and_current_work_from_the_command_line(tmp_path: Path) -> None:
    flask_db = ("-m", "flask", "--app", "wsgi", "db")
    upgrade = _run(tmp_path, *flask_db, "upgrade")
    assert upgrade.returncode == 0, upgrade.stderr
    with sqlite3.connect(tmp_path / "t.db") as conn:
        (head,) = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'ticket'").fetchone() == (1,)
    current = _run(tmp_path, *flask_db, "current")
    assert current.returncode == 0, current.stderr
    assert head in current.stdout + current.stderr
    listed = _run(tmp_path, *flask_db, "--help")
    assert "upgrade" in listed.stdout and "downgrade" in listed.stdout
