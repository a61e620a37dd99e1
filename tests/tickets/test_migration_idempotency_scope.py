"""The migration that scopes idempotency keys to their caller keeps old tickets findable, both ways."""

from __future__ import annotations

import flask_migrate
from sqlalchemy import text

from core.actors import Actor
from core.extensions import db
from core.org.seed import seed
from core.people import users
from core.tickets import engine
from tests.apps import make_app
from tests.architecture.test_migrations import _empty_database
from tests.builders import make_counter
from web.db_commands import enable_migrations

BEFORE, SCOPED = "d548f23b8a45", "ad291d7ccda9"


def test_upgrade_gives_old_keys_their_issuers_scope_and_downgrade_restores_the_global_key(
        app, db_backend, db_url, tmp_path) -> None:
    """Keys issued before the upgrade belong to the kiosk of their issue event; after a downgrade the key is
    unique again (duplicates across callers are cleared, the first ticket keeps it)."""
    migrated = make_app(_empty_database(db_backend, db_url, tmp_path), tmp_path / "mig-instance")
    enable_migrations(migrated)
    with migrated.app_context():
        flask_migrate.upgrade()
        seed(migrated.config["BRANCH_CODE"])
        tx = make_counter().tx
        kiosk_1, _ = users.create_device("kiosk", "kiosco-1")
        kiosk_2, _ = users.create_device("kiosk", "kiosco-2")
        first = engine.issue_ticket(tx, actor=Actor.of_device(kiosk_1), idempotency_key="toque-0001")
        engine.issue_ticket(tx, actor=Actor.of_device(kiosk_2), idempotency_key="toque-0001")
        first_id, kiosk_1_id = first.id, kiosk_1.id
        db.session.remove()

        flask_migrate.downgrade(revision=BEFORE)
        with db.engine.connect() as conn:
            keys = conn.execute(text("SELECT id, idempotency_key FROM ticket ORDER BY id")).all()
        assert [key for _id, key in keys] == ["toque-0001", None] and keys[0][0] == first_id

        flask_migrate.upgrade(revision=SCOPED)
        with db.engine.connect() as conn:
            scope = conn.execute(text("SELECT idempotency_scope FROM ticket WHERE id = :id"), {"id": first_id})
            assert scope.scalar_one() == f"device:{kiosk_1_id}"
        flask_migrate.upgrade()  # the engine of today needs today's schema (the queue's limits, …)
        again = engine.issue_ticket(tx, actor=Actor("device", kiosk_1_id, "kiosco-1"),
                                    idempotency_key="toque-0001")
        assert again.id == first_id
        db.session.remove()
        db.engine.dispose()
