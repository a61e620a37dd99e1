"""«Casos por estado» on «Mi bandeja» counts the cases the person can see, and says whose they are: a centre's
staff their centre's (the inbox's rule), a technician his own, the central roles every centre's."""

from __future__ import annotations

import re

from core.top10 import workflow
from tests.top10.helpers import NOW, Team, lp
from tests.top10.test_centres import customers, give_centre, staff_of, words
from tests.top10.test_pages import signed_in


def counts(html: str) -> tuple[str, dict[str, int]]:
    """The title of «Casos por estado» and its figures by label, as the page reads."""
    block = html[html.index('id="counts-title"'):]
    block = block[:block.index("</ul>")]
    title = words(block[:block.index("</h2>")]).strip(' ">').replace('id="counts-title">', "").strip()
    figures = re.findall(r'<span class="value">(\d+)</span><span class="name">([^<]+)</span>', block)
    return title, {name: int(value) for value, name in figures}


def test_a_centres_staff_count_their_centres_cases_and_the_gestor_every_centre(app, team: Team) -> None:
    customers(team, {"SUR1": "CO Sur", "NORTE1": "CO Norte", "NORTE2": "CO Norte"})
    staff_of("CO Norte", "top10_usm")
    staff_of("CO Norte", "supervisor_co")
    give_centre(team, "usm", "CO Sur")
    give_centre(team, "supervisor_co", "CO Sur")

    for who in ("usm", "supervisor_co"):
        title, figures = counts(signed_in(app, team, who).get("/admin/top10/").get_data(as_text=True))
        assert title == "Casos por estado · Centro de Operaciones «CO Sur»", who
        assert figures["Revisión de factores técnicos"] == 1, who  # SUR1 only, not CO Norte's two

    page = signed_in(app, team, "gestor").get("/admin/top10/").get_data(as_text=True)
    title, figures = counts(page)
    assert title == "Casos por estado · todos los centros"
    assert figures["Revisión de factores técnicos"] == 3
    assert "Todos los casos Top 10, de todos los centros de operaciones." in words(page)


def test_a_technician_counts_only_his_own_cases(app, team: Team) -> None:
    found = customers(team, {"SUR1": "CO Sur", "SUR2": "CO Sur", "SUR3": "CO Sur"})
    advance_from_review(found["SUR1"], team)
    page = signed_in(app, team, "tecnico").get("/admin/top10/").get_data(as_text=True)
    title, figures = counts(page)
    assert title == "Casos por estado · sus casos"
    assert figures["Trabajo del Técnico Multiservicios"] == 1
    assert figures["Revisión de factores técnicos"] == 0  # the other two are not his
    assert "Solo los casos que se le asignaron y los de su bandeja." in words(page)


def advance_from_review(case_id: int, team: Team) -> None:
    """From USM's review (where `customers` leaves it) to step 19, given to tecnico1."""
    workflow.review(case_id, factors="Atenuación alta", technical_solution=True, actor=team.usm, now=NOW)
    workflow.schedule_visit(case_id, mode="usm_con_tecnico", visit_at=lp(28, 9), technician_id=team.tecnico.id,
                            actor=team.usm, now=NOW)
    workflow.record_solution(case_id, outcome="requiere_tecnico", note="Cambio de ONU", actor=team.usm, now=NOW)
    workflow.prioritise(case_id, technician_id=team.tecnico.id, actor=team.supervisor_co, now=NOW)

