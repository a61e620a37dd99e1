"""The seeded database every test starts from, built once per session and copied per test.

Building the schema and inserting the seed row by row took most of a test's set-up. Instead:
- SQLite: the schema and seed go into a template file; each test copies the file (a few milliseconds).
- PostgreSQL: the seeded rows are kept in a `seed` schema, and the stored function `turnero_reset()` empties
  every table, copies those rows back and resets the id sequences, in one round trip (TRUNCATE of every
  table costs far more).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask
from sqlalchemy import Engine, create_engine, text

from core.config import TestConfig
from core.extensions import db
from core.org.seed import seed
from tests.apps import make_app

_engines: dict[str, Engine] = {}


def _seeded(url: str, instance: Path) -> None:

    application = make_app(url, instance)
    with application.app_context():
        db.drop_all()
        db.create_all()
        seed(TestConfig.BRANCH_CODE)
        db.session.remove()
        if db.engine.dialect.name == "sqlite":
            with db.engine.connect() as conn:  # everything into the main file, which is what tests copy
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        db.engine.dispose()


def build_sqlite(folder: Path) -> Path:
    path = folder / "template.db"
    _seeded(f"sqlite:///{path}", folder / "instance")
    return path


def prepare_postgresql(url: str) -> None:
    """Schema and seed on the session's server, a copy of the seeded rows, and the reset function."""
    import tempfile

    _seeded(url, Path(tempfile.mkdtemp(prefix="turnero-pg-template-")))
    tables = [table.name for table in db.metadata.sorted_tables]
    engine = _engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS seed CASCADE"))
        conn.execute(text("CREATE SCHEMA seed"))
        for table in tables:
            conn.execute(text(f'CREATE TABLE seed."{table}" AS SELECT * FROM public."{table}"'))
        sequences = conn.execute(text(
            "SELECT s.relname, t.relname, a.attname FROM pg_class s "
            "JOIN pg_depend d ON d.objid = s.oid AND d.deptype IN ('a', 'i') "
            "JOIN pg_class t ON t.oid = d.refobjid "
            "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid "
            "WHERE s.relkind = 'S'")).all()
        body = ["SET LOCAL session_replication_role = replica;"]  # no FK checks: tables in any order
        body += [f'DELETE FROM public."{table}";' for table in tables]
        body += [f'INSERT INTO public."{table}" SELECT * FROM seed."{table}";' for table in tables]
        body += [f"PERFORM setval('public.\"{seq}\"', COALESCE((SELECT max(\"{column}\") FROM public.\"{table}\"), 0)"
                 " + 1, false);" for seq, table, column in sequences]
        conn.execute(text("CREATE OR REPLACE FUNCTION turnero_reset() RETURNS void LANGUAGE plpgsql AS $$ BEGIN\n"
                          + "\n".join(body) + "\nEND $$"))


def restore_postgresql(url: str) -> None:
    """Back to the seeded rows, with fresh id sequences."""
    with _engine(url).begin() as conn:
        conn.execute(text("SELECT turnero_reset()"))


def _engine(url: str) -> Engine:
    if url not in _engines:
        _engines[url] = create_engine(url, pool_size=1, max_overflow=0)
    return _engines[url]


@contextmanager
def pg_app_context(pg_url: str, folder: Path, **overrides: object) -> Iterator[Flask]:
    """An app on the session's PostgreSQL, restored to the seed, that may print to the tests' fake printers."""
    restore_postgresql(pg_url)
    application = make_app(pg_url, folder, PRINTER_NETWORK_ALLOW="127.0.0.1", **overrides)
    with application.app_context():
        yield application
        db.session.remove()
        db.engine.dispose()
