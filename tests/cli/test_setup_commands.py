"""`flask seed` and `flask create-user` as an administrator runs them on a server: demo data stays out of
production, the demo credentials are printed once and only the current ones, and create-user answers in Spanish."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

from core.config import ROOT
from core.extensions import db
from core.org import seed_data
from core.people import users
from tests.apps import make_app


def _flask(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`flask --app wsgi *args` in a process of its own, with its own SQLite file and instance folder."""
    env = {**os.environ, "SECRET_KEY": "cli-test-key", "DATABASE_URL": f"sqlite:///{tmp_path / 't.db'}",
           "TURNERO_INSTANCE": str(tmp_path / "instance"), **env}
    # A session of its own: no controlling terminal, as under cron, systemd or an ssh command without -t.
    return subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=180, stdin=subprocess.DEVNULL,
                          start_new_session=True)


def test_demo_data_is_refused_in_production(tmp_path: Path) -> None:
    """TURNERO_ENV=production: `seed --demo` says why in Spanish and creates no user and no credentials file."""
    assert _flask(tmp_path, "db", "upgrade", TURNERO_ENV="production").returncode == 0
    done = _flask(tmp_path, "seed", "--demo", TURNERO_ENV="production")
    assert done.returncode != 0
    assert "No se cargan datos de demostración en producción" in done.stderr
    assert not (tmp_path / "instance" / "demo-credentials.txt").exists()
    with sqlite3.connect(tmp_path / "t.db") as conn:
        assert conn.execute("SELECT count(*) FROM user").fetchone() == (0,)


def _credentials(path: Path) -> list[tuple[str, str]]:
    return re.findall(r"usuario (\S+)\s+contraseña (\S+)", path.read_text())


def test_the_credentials_file_holds_the_current_passwords_once(app, tmp_path: Path, sqlite_template: Path) -> None:
    """The demo database deleted and seeded anew: every user is in demo-credentials.txt once, with the password
    that works now (the file was appended to: each user twice, the dead password first). The seed names the file's
    real path (TURNERO_INSTANCE), not a hard-coded «instance/…»."""
    path = Path(app.instance_path) / "demo-credentials.txt"
    first = app.test_cli_runner().invoke(args=["seed", "--demo"])
    assert first.exit_code == 0, first.output
    assert f"guardadas en {path}" in first.output
    assert dict(_credentials(path)) == dict(re.findall(r"usuario (\S+)\s+contraseña (\S+)", first.output))
    db.session.remove()

    fresh = tmp_path / "nueva.db"  # `rm instance/turnero.db`, then the demo again on the same instance folder
    shutil.copyfile(sqlite_template, fresh)
    again = make_app(f"sqlite:///{fresh}", Path(app.instance_path))
    with again.app_context():
        assert again.test_cli_runner().invoke(args=["seed", "--demo"]).exit_code == 0
        listed = _credentials(path)
        assert len(listed) == len({name for name, _password in listed}) == len(seed_data.DEMO_USERS)
        assert all(users.authenticate(name, password) is not None for name, password in listed)
        db.session.remove()
        db.engine.dispose()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_an_unknown_role_is_answered_in_spanish_with_the_roles_names(app) -> None:
    """`--role administrador` lists the roles with their Spanish names, not click's English «Invalid value»."""
    done = app.test_cli_runner().invoke(args=["create-user", "rosa", "--role", "administrador", "--password-stdin"],
                                        input="clave-de-rosa-2026\n")
    assert done.exit_code != 0
    assert "Rol desconocido: «administrador»" in done.output
    assert "admin (Administrador)" in done.output
    assert "reception (Asesor Comercial de Informes (recepción))" in done.output
    assert "Invalid value" not in done.output
    assert users.authenticate("rosa", "clave-de-rosa-2026") is None


def test_create_user_without_a_terminal_says_how_to_pass_the_password(tmp_path: Path) -> None:
    """Run with no terminal to ask on: a Spanish refusal naming --password-stdin, never getpass's English
    GetPassWarning (which then read the password, echoed, from stdin)."""
    assert _flask(tmp_path, "db", "upgrade").returncode == 0
    done = _flask(tmp_path, "create-user", "rosa", "--role", "reception")
    assert done.returncode != 0
    assert "No hay una terminal donde pedir la contraseña" in done.stderr
    assert "create-user rosa --role reception --password-stdin" in done.stderr
    assert "GetPassWarning" not in done.stderr and "Aborted" not in done.stderr


def test_two_different_passwords_are_answered_in_spanish(app, monkeypatch) -> None:
    """On a terminal, a repeated password that differs says so in Spanish (click: «The two entered values do
    not match», then «Aborted!») and creates nobody."""
    monkeypatch.setattr("cli.setup._terminal", lambda: True, raising=False)
    done = app.test_cli_runner().invoke(args=["create-user", "rosa", "--role", "reception"],
                                        input="clave-de-rosa-2026\nclave-de-rosa-2027\n")
    assert done.exit_code != 0
    assert "Las dos contraseñas no coinciden: no se creó el usuario." in done.output
    assert "do not match" not in done.output and "Aborted" not in done.output
    assert users.authenticate("rosa", "clave-de-rosa-2026") is None
