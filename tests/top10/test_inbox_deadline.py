"""The audit's F3–F4: whoever's step it is reads its due date and overdue mark in «Mi bandeja», by the rule the
control sheet uses; and a case waiting for an agreed visit is not due before the visit's day."""

from __future__ import annotations

import re

import pytest

from core.top10 import workflow
from tests.top10.helpers import NOW, advance, lp, one_case
from tests.top10.test_centres import words
from tests.top10.test_pages import signed_in


def row_text(client, path: str, case_id: int) -> tuple[str, str]:
    """The case's table row on the page, as read (tags removed), and its class attribute."""
    html = client.get(path).get_data(as_text=True)
    found = re.search(rf'<tr data-case="{case_id}"([^>]*)>(.*?)</tr>', html, re.S)
    assert found is not None, f"case {case_id} is not listed on {path}"
    return words(found.group(2)).strip(), found.group(1)


# (the status, who owns it, the due date: 2 days for a step, 1 for the daily quality check, from 27/11)
OWNERS = [("revision_usm", "usm", "29/11/2026"), ("distribucion", "gestor", "29/11/2026"),
          ("fidelizacion", "fidelizacion", "29/11/2026"), ("control_calidad", "calidad", "28/11/2026"),
          ("control_co", "supervisor_co", "29/11/2026"), ("trabajo_tecnico", "operador", "29/11/2026"),
          ("trabajo_tecnico", "tecnico", "29/11/2026")]


@pytest.mark.parametrize(("status", "who", "due"), OWNERS, ids=[f"{s}-{w}" for s, w, _ in OWNERS])
def test_my_inbox_shows_the_due_date_and_marks_it_overdue(app, team, frozen, status, who, due) -> None:
    case_id = one_case(team)
    advance(case_id, status, team)
    client = signed_in(app, team, who)
    text, classes = row_text(client, "/admin/top10/", case_id)
    assert due in text and "Vencido" not in text and "overdue" not in classes
    page = " ".join(re.sub(r"<[^>]+>", " ", client.get("/admin/top10/").get_data(as_text=True)).split())
    assert f"Vence {due}" in page  # the phone's card says it too
    assert "Cada paso vence 2 días después de que el caso llega a él" in page

    frozen.value = lp(30, 9)  # a day after the latest due date
    text, classes = row_text(client, "/admin/top10/", case_id)
    assert f"{due} Vencido" in text and "overdue" in classes


def test_calidad_reads_the_same_overdue_mark_as_the_supervisors_sheet(app, team, frozen) -> None:
    """The audit's DEMO-1006: «27/11 Vencido» on the sheet, a plain row in calidad's «Mi bandeja»."""
    case_id = one_case(team)
    advance(case_id, "control_calidad", team)
    frozen.value = lp(29, 9)
    sheet_row, _ = row_text(signed_in(app, team, "supervisor_co"), "/admin/top10/planilla", case_id)
    inbox_row, _ = row_text(signed_in(app, team, "calidad"), "/admin/top10/", case_id)
    assert "28/11/2026 Vencido" in sheet_row and "28/11/2026 Vencido" in inbox_row


def test_a_case_waiting_for_its_agreed_visit_is_due_on_the_visits_day(app, team, frozen) -> None:
    """DEMO-1010: the visit is on 03/12, the step's own deadline 29/11; the sheet and USM's «Mi bandeja» say «Vence
    03/12/2026», not «Vencido», until the visit's day has passed, and the sheet's legend says why."""
    case_id = one_case(team)
    advance(case_id, "programar_visita", team)
    workflow.schedule_visit(case_id, mode="usm_con_tecnico", visit_at=lp(3, 10, month=12),
                            technician_id=team.tecnico.id, actor=team.usm, now=NOW)
    frozen.value = lp(1, 9, month=12)
    supervisor, usm = signed_in(app, team, "supervisor_co"), signed_in(app, team, "usm")
    for client, path in ((supervisor, "/admin/top10/planilla"), (usm, "/admin/top10/")):
        text, classes = row_text(client, path, case_id)
        assert "03/12/2026 10:00" in text and "03/12/2026 Vencido" not in text and "overdue" not in classes
        assert "29/11/2026" not in text
    legend = " ".join(re.sub(r"<[^>]+>", " ", supervisor.get("/admin/top10/planilla").get_data(as_text=True)).split())
    assert "Con una visita acordada (pasos 15–19), el paso no vence antes del día de la visita." in legend

    frozen.value = lp(4, 9, month=12)
    text, classes = row_text(supervisor, "/admin/top10/planilla", case_id)
    assert "03/12/2026 Vencido" in text and "overdue" in classes
