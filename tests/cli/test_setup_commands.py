"""`flask seed` and `flask create-user` as an administrator runs them on a server: demo data stays out of
production, the demo credentials are printed once and only the current ones, and create-user answers in Spanish."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from core.config import ROOT


def _flask(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`flask --app wsgi *args` in a process of its own, with its own SQLite file and instance folder."""
    env = {**os.environ, "SECRET_KEY": "cli-test-key", "DATABASE_URL": f"sqlite:///{tmp_path / 't.db'}",
           "TURNERO_INSTANCE": str(tmp_path / "instance"), **env}
    return subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=180)


def test_demo_data_is_refused_in_production(tmp_path: Path) -> None:
    """TURNERO_ENV=production: `seed --demo` says why in Spanish and creates no user and no credentials file."""
    assert _flask(tmp_path, "db", "upgrade", TURNERO_ENV="production").returncode == 0
    done = _flask(tmp_path, "seed", "--demo", TURNERO_ENV="production")
    assert done.returncode != 0
    assert "No se cargan datos de demostración en producción" in done.stderr
    assert not (tmp_path / "instance" / "demo-credentials.txt").exists()
    with sqlite3.connect(tmp_path / "t.db") as conn:
        assert conn.execute("SELECT count(*) FROM user").fetchone() == (0,)
