"""The migration that records step 15's «Requiere trabajo del técnico» as itself: the rows recorded before it as
«monitoreo» read truthfully after the upgrade, a real monitoring stays one, and a downgrade gives the old code
the action it knew."""

from __future__ import annotations

import flask_migrate
import pytest
from sqlalchemy import text

from core.extensions import db
from core.org.seed import seed
from core.top10 import workflow
from tests.apps import make_app
from tests.architecture.test_migrations import _empty_database
from tests.top10.helpers import NOW, Team, advance, one_case
from web.db_commands import enable_migrations

pytestmark = pytest.mark.postgres
BEFORE, FIXED = "d4f6a8c0e2b1", "e3b7d1f5a9c2"


def step_15(case_id: int) -> str:
    with db.engine.connect() as conn:
        return conn.execute(text("SELECT action FROM top10_action WHERE case_id = :id AND step = 15"),
                            {"id": case_id}).scalar_one()


def test_old_monitoreo_rows_of_a_case_sent_to_the_technician_read_requiere_tecnico(
        app, frozen, db_backend, db_url, tmp_path) -> None:
    migrated = make_app(_empty_database(db_backend, db_url, tmp_path), tmp_path / "mig-instance")
    enable_migrations(migrated)
    with migrated.app_context():
        flask_migrate.upgrade()
        seed(migrated.config["BRANCH_CODE"])
        team = Team()
        needs, monitored = one_case(team, "821"), one_case(team, "822")
        advance(needs, "control_co", team)  # 15 «requiere_tecnico», then 16 to the operations centre
        advance(monitored, "en_solucion", team)
        workflow.record_solution(monitored, outcome="monitoreo", note="Potencia estable", actor=team.usm, now=NOW)
        db.session.remove()

        flask_migrate.downgrade(revision=BEFORE)
        assert (step_15(needs), step_15(monitored)) == ("monitoreo", "monitoreo")  # what the old code recorded

        flask_migrate.upgrade(revision=FIXED)
        assert (step_15(needs), step_15(monitored)) == ("requiere_tecnico", "monitoreo")
        db.engine.dispose()
