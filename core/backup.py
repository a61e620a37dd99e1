"""Backup and restore of the whole database, for `flask backup` and `flask restore` (README, «Production»).

SQLite: an online copy through SQLite's backup API (consistent while the app keeps writing; WAL included).
PostgreSQL: `pg_dump --format=custom` and `pg_restore --clean --single-transaction`, so a restore that fails
half-way leaves the database as it was. A file that is not a Turnero backup is refused before anything is
touched.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from core.errors import Invalid

# A backup holds personal data (accounts, CIs): only the owner may read it.
_PRIVATE = 0o600


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise Invalid("Esta base de datos SQLite está en memoria: no hay nada que respaldar.")
    return Path(database)


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """The SQLAlchemy URL as pg_dump/pg_restore read it (no `+psycopg` driver name), without its password, and
    the environment that carries the password instead: a command line is readable by every user (`ps`)."""
    parsed = make_url(url)
    env = dict(os.environ)
    if parsed.password is not None:
        env["PGPASSWORD"] = str(parsed.password)
    bare = URL.create("postgresql", parsed.username, None, parsed.host, parsed.port, parsed.database, parsed.query)
    return bare.render_as_string(hide_password=False), env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise Invalid(f"Falta el programa {name}: instale el cliente de PostgreSQL "
                      "(apt-get install postgresql-client).")
    return found


def _run(command: list[str], what: str, env: dict[str, str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or [""]
        raise Invalid(f"{what}: {detail[0]}")


def backup(url: str, target: Path) -> Path:
    """Write a backup of the database at `url` to `target` (created readable by its owner only)."""
    target = Path(target)
    if target.exists():
        raise Invalid(f"Ya existe {target}: elija otro nombre para no sobrescribir un respaldo.")
    if not target.parent.is_dir():  # a typo must not quietly create a folder nobody looks in
        raise Invalid(f"No existe la carpeta {target.parent}: créela antes o corrija la ruta del respaldo.")
    # Created private before anything is written into it.
    os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _PRIVATE))
    if make_url(url).get_backend_name() == "sqlite":
        source = sqlite3.connect(_sqlite_path(url))
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal/-shm beside it
        finally:
            copy.close()
            source.close()
    else:
        dbname, env = _libpq(url)
        try:
            _run([_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={target}", f"--dbname={dbname}"],
                 "El respaldo falló", env)
        except Invalid:
            target.unlink(missing_ok=True)  # never leave a half-written file that looks like a backup
            raise
    return target


def _check_sqlite_backup(path: Path) -> None:
    try:
        with sqlite3.connect(f"file:{path}?immutable=1", uri=True) as conn:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            healthy = conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    except sqlite3.DatabaseError:
        tables, healthy = set(), False
    if not healthy or not {"ticket", "ticket_event", "setting"} <= tables:
        raise Invalid(f"{path} no es un respaldo de Turnero legible: la base de datos no se tocó.")


def existing(source: Path) -> Path:
    """The backup file, or Invalid in Spanish when there is none."""
    source = Path(source)
    if not source.is_file():
        raise Invalid(f"No existe el respaldo {source}.")
    return source


def restore(url: str, source: Path) -> None:
    """Replace the database at `url` with the backup `source`. Stop the app's instances first."""
    source = existing(source)
    if make_url(url).get_backend_name() == "sqlite":
        _check_sqlite_backup(source)
        backup_conn = sqlite3.connect(f"file:{source}?immutable=1", uri=True)
        live = sqlite3.connect(_sqlite_path(url))
        try:
            backup_conn.backup(live)  # page by page under the database's lock: all or nothing
        finally:
            live.close()
            backup_conn.close()
        return
    listing = subprocess.run([_tool("pg_restore"), "--list", str(source)], capture_output=True, text=True)
    if listing.returncode != 0 or "TABLE public ticket " not in listing.stdout:
        raise Invalid(f"{source} no es un respaldo de Turnero legible: la base de datos no se tocó.")
    dbname, env = _libpq(url)
    _run([_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
          f"--dbname={dbname}", str(source)], "La restauración falló y no cambió nada", env)
