"""The Alembic migrations build exactly the models' schema, on SQLite and on PostgreSQL."""

from __future__ import annotations

import uuid

import flask_migrate
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text

from core.extensions import db
from core.org.seed import seed
from tests.conftest import make_app


def _empty_database(db_backend: str, db_url: str, tmp_path) -> str:
    if db_backend == "sqlite":
        return f"sqlite:///{tmp_path / 'migrated.db'}"
    name = f"mig_{uuid.uuid4().hex[:10]}"
    admin = create_engine(db_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return db_url.rsplit("/", 1)[0] + f"/{name}"


def test_upgrade_builds_the_models_schema_and_seeds(app, db_backend, db_url, tmp_path) -> None:
    """`flask db upgrade` on an empty database leaves no difference from the models, and seed runs on it."""
    url = _empty_database(db_backend, db_url, tmp_path)
    migrated = make_app(url, tmp_path / "mig-instance")
    with migrated.app_context():
        flask_migrate.upgrade()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            differences = compare_metadata(context, db.metadata)
        assert differences == [], f"the models changed without a migration: {differences}"
        report = seed(migrated.config["BRANCH_CODE"])
        assert report.created["catalogue_node"] > 30
        db.session.remove()
        db.engine.dispose()
