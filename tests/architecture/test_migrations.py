"""The Alembic migrations build exactly the models' schema, on SQLite and on PostgreSQL."""

from __future__ import annotations

import uuid

import flask_migrate
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.schema import conv

from core.extensions import NAMING_CONVENTION, db
from core.org.seed import seed
from tests.apps import make_app
from web.db_commands import enable_migrations

pytestmark = pytest.mark.postgres


def _empty_database(db_backend: str, db_url: str, tmp_path) -> str:
    if db_backend == "sqlite":
        return f"sqlite:///{tmp_path / 'migrated.db'}"
    name = f"mig_{uuid.uuid4().hex[:10]}"
    admin = create_engine(db_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(db_url).set(database=name).render_as_string(hide_password=False)


def _migrated_constraint_names(url: str, instance) -> dict[tuple, str | None]:
    """(table, kind, columns[, referred table]) -> name, for every constraint and index `flask db upgrade` makes."""
    migrated = make_app(url, instance)
    names: dict[tuple, str | None] = {}

    def add(key: tuple, name: str | None) -> None:
        assert key not in names, f"two {key[1]} constraints on {key[0]}{key[2]}"
        names[key] = name

    enable_migrations(migrated)

    with migrated.app_context():
        flask_migrate.upgrade()
        inspector = inspect(db.engine)
        for table in inspector.get_table_names():
            if table == "alembic_version":
                continue
            add((table, "pk", ()), inspector.get_pk_constraint(table)["name"])
            for fk in inspector.get_foreign_keys(table):
                add((table, "fk", tuple(fk["constrained_columns"]), fk["referred_table"]), fk["name"])
            for uq in inspector.get_unique_constraints(table):
                add((table, "uq", tuple(uq["column_names"])), uq["name"])
            for ck in inspector.get_check_constraints(table):  # by name: each database rewrites the SQL its way
                add((table, "ck", (ck["name"],)), ck["name"])
            for ix in inspector.get_indexes(table):
                if "duplicates_constraint" not in ix:  # PostgreSQL lists a unique constraint's index too
                    add((table, "ix", tuple(ix["column_names"])), ix["name"])
        db.engine.dispose()
    return names


def _convention_name(table: str, kind: str, columns: tuple, referred: str | None = None) -> str:
    values = {"table_name": table, "column_0_name": columns[0] if columns else "",
              "column_0_label": f"{table}_{columns[0]}" if columns else "", "referred_table_name": referred or ""}
    return NAMING_CONVENTION[kind] % values


def test_migrated_constraint_names_are_the_same_on_sqlite_and_postgresql(pg_url, tmp_path) -> None:
    """Every constraint and index is named, by the naming convention (or by hand in the models), identically
    on both databases: a later migration can drop or alter it by name on either."""
    on_sqlite = _migrated_constraint_names(_empty_database("sqlite", "", tmp_path), tmp_path / "sqlite-instance")
    on_postgresql = _migrated_constraint_names(_empty_database("postgresql", pg_url, tmp_path), tmp_path / "pg")
    assert on_sqlite == on_postgresql
    assert len({table for table, *_ in on_sqlite}) == len(db.metadata.tables)

    by_hand = {item.name for table in db.metadata.tables.values() for item in (*table.constraints, *table.indexes)
               if item.name is not None and not isinstance(item.name, conv)}
    assert by_hand, "the models name some constraints by hand (uq_ticket_number, fk_desk_current_ticket…)"
    for (table, kind, columns, *referred), name in on_sqlite.items():
        assert name is not None, f"unnamed {kind} on {table}{columns}"
        assert name.startswith(f"{kind}_"), name
        if kind == "ck":  # named from the constraint's own name= (required by the convention)
            assert name.startswith(f"ck_{table}_"), name
        elif name not in by_hand:
            assert name == _convention_name(table, kind, columns, *referred)
    # PostgreSQL keeps primary keys, unique constraints and indexes in one namespace per schema.
    relations = [name for (_, kind, *_), name in on_sqlite.items() if kind in ("pk", "uq", "ix")]
    assert len(relations) == len(set(relations))


def test_upgrade_builds_the_models_schema_and_seeds(app, db_backend, db_url, tmp_path) -> None:
    """`flask db upgrade` on an empty database leaves no difference from the models, and seed runs on it."""
    url = _empty_database(db_backend, db_url, tmp_path)
    migrated = make_app(url, tmp_path / "mig-instance")
    enable_migrations(migrated)
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
