"""An unsatisfied customer's case goes back to step 14 (steps 11–13): its page shows the new cycle only, the last
cycle's work order, verdict and step-18 priority gone from the case's facts until this cycle records its own; the
history keeps every cycle."""

from __future__ import annotations

import re

from core.top10 import workflow
from tests.top10.helpers import NOW, Team, lp
from tests.top10.test_visit_shown import read, signed_in, work_closed


def facts(page_html: str) -> str:
    """The case's facts list (above «Siguiente paso»), as read."""
    block = page_html[page_html.index("<h1>"):page_html.index('class="facts case-facts"')]
    block += page_html[page_html.index('class="facts case-facts"'):page_html.index("</dl>")]
    return " ".join(re.sub(r"<[^>]+>", " ", block).split())


def test_a_case_back_at_step_14_shows_the_current_cycle_and_keeps_the_last_in_its_history(app, team: Team) -> None:
    case_id = work_closed(team)  # work order OT-5 closed at 19.3, prioritised at step 18
    workflow.quality_check(case_id, satisfied=False, causes="Sigue cortándose por la noche", customer_informed=True,
                           actor=team.calidad, now=NOW)
    usm = signed_in(app, team, "usm")
    shown = facts(usm.get(f"/admin/top10/casos/{case_id}").get_data(as_text=True))
    assert "Por programar visita · paso 14" in shown
    for old in ("Orden de trabajo", "OT-5", "Cliente satisfecho", "Prioridad"):
        assert old not in shown, old
    history = read(usm, f"/admin/top10/casos/{case_id}")
    history = history[history.index("Historial del caso"):]
    assert "OT OT-5" in history and "Sigue cortándose por la noche" in history  # the last cycle, still readable

    # The new cycle records its own work order: the page shows it, not the old one.
    workflow.schedule_visit(case_id, mode="usm_con_tecnico", visit_at=lp(28, 9), technician_id=team.tecnico.id,
                            actor=team.usm, now=NOW)
    workflow.record_solution(case_id, outcome="requiere_tecnico", note="Cambio de cableado", actor=team.usm, now=NOW)
    workflow.prioritise(case_id, technician_id=team.tecnico.id, actor=team.supervisor_co, now=NOW)
    workflow.close_work(case_id, work_order="OT-9", actor=team.operador, now=NOW)
    shown = facts(usm.get(f"/admin/top10/casos/{case_id}").get_data(as_text=True))
    assert "Orden de trabajo OT-9" in shown and "OT-5" not in shown
