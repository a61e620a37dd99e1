"""A week's Top 10 generated twice: the second generation adds the customers who entered the list since, and the
earlier cases stay followed, so the week holds more than ten cases. The week's page says so plainly."""

from __future__ import annotations

import re

from core.top10 import detection
from tests.top10.helpers import NOW, WEEK, Team, load_reports, lp, report
from tests.top10.test_pages import signed_in


def words(html: str) -> str:
    """The page's text as a reader sees it: tags out, white space collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace(" ,", ",").replace(" .", ".")


def test_a_later_generation_that_grows_the_week_past_ten_is_said_on_the_week_page(app, team: Team) -> None:
    monday_lists = [report(f"R{n}-{i}", f"C{n:02d}", lp(23 + i, 9 + n)) for n in range(10) for i in (0, 1)]
    load_reports(monday_lists, team.gestor, now=lp(25, 12))
    first = detection.generate_week(WEEK, actor=team.gestor, now=lp(25, 12))
    load_reports([report(f"RX-{i}", "CX", lp(26, 9 + i), name="Nuevo Cliente") for i in range(3)], team.gestor)
    again = detection.generate_week(WEEK, actor=team.gestor, now=NOW)
    assert (first.created, again.created) == (10, 1)
    dropped = detection.get_case(first.case_ids[-1])

    page = words(signed_in(app, team, "gestor").get(f"/admin/top10/semana?semana={WEEK}").get_data(as_text=True))
    assert "Esta semana tiene 11 casos, más que los 10 puestos del Top 10" in page
    assert ("El paso 1 se generó de nuevo (27/11/2026 11:00) y agregó 1 caso: un cliente que entró a la lista "
            "después de la primera generación (25/11/2026 12:00).") in page
    assert (f"Los casos generados antes siguen en seguimiento aunque su cliente ya no esté en la lista; fuera de la "
            f"lista actual: Caso {dropped.customer_code} de la semana {WEEK} ({dropped.customer_name}, puesto 10 al "
            f"generarse).") in page


def test_a_week_generated_once_says_nothing_more(app, team: Team) -> None:
    load_reports([report("R1", "100", lp(23)), report("R2", "100", lp(26))], team.gestor)
    detection.generate_week(WEEK, actor=team.gestor, now=NOW)
    page = signed_in(app, team, "gestor").get(f"/admin/top10/semana?semana={WEEK}").get_data(as_text=True)
    assert 'id="week-growth"' not in page
