"""A centre's staff (Analista USM, Supervisor CO, Operador CO) open their centre's cases, not another centre's by
typing its address: the case page (with its history) and the steps posted to it keep the scope of «Mi bandeja»
and «Casos por estado» (core/top10/scope.py). The refusal is the Spanish error page and names nothing of the
case. The central roles keep every centre."""

from __future__ import annotations

import pytest

from core.extensions import db
from core.top10 import detection
from tests.helpers import csrf_from
from tests.top10.helpers import WEEK, Team
from tests.top10.test_centres import customers, give_centre, staff_of, words
from tests.top10.test_pages import signed_in

CENTRE_STAFF = ("usm", "supervisor_co", "operador")
ROLE_OF = {"usm": "top10_usm", "supervisor_co": "supervisor_co", "operador": "operador_co"}


def two_centres(team: Team) -> dict[str, int]:
    """SUR1 at CO Sur, NORTE1 at CO Norte (staffed in every centre role, so it is nobody else's)."""
    found = customers(team, {"SUR1": "CO Sur", "NORTE1": "CO Norte"})
    for role in ROLE_OF.values():
        staff_of("CO Norte", role)
    return found


@pytest.mark.parametrize("who", CENTRE_STAFF)
def test_a_centres_staff_cannot_open_another_centres_case_by_its_address(app, team: Team, who: str) -> None:
    """Their own centre's case opens, another centre's is refused; the central roles and the same role without a
    centre still open both."""
    found = two_centres(team)
    give_centre(team, who, "CO Sur")
    client = signed_in(app, team, who)

    own = client.get(f"/admin/top10/casos/{found['SUR1']}")
    assert own.status_code == 200
    assert "Cliente SUR1" in own.get_data(as_text=True) and 'id="timeline-title"' in own.get_data(as_text=True)

    refused = client.get(f"/admin/top10/casos/{found['NORTE1']}")
    page = words(refused.get_data(as_text=True))
    assert refused.status_code == 403
    assert "Este caso no es de su Centro de Operaciones" in page
    for secret in ("NORTE1", "Cliente NORTE1", "CO Norte", "RNORTE1"):  # account, name, centre, report numbers
        assert secret not in page, secret

    give_centre(team, who, "")  # every centre again (core/top10/centres.py)
    assert client.get(f"/admin/top10/casos/{found['NORTE1']}").status_code == 200
    for central in ("gestor", "supervisor", "jefe_division", "calidad"):
        assert signed_in(app, team, central).get(f"/admin/top10/casos/{found['NORTE1']}").status_code == 200, central


def test_a_step_posted_to_another_centres_case_is_refused_and_changes_nothing(app, team: Team) -> None:
    found = two_centres(team)
    give_centre(team, "usm", "CO Sur")
    client = signed_in(app, team, "usm")
    token = csrf_from(client.get(f"/admin/top10/casos/{found['SUR1']}").get_data(as_text=True))
    response = client.post(f"/admin/top10/casos/{found['NORTE1']}/review", data={
        "csrf_token": token, "step": "review", "factors": "Atenuación alta", "technical_solution": "si"})
    assert response.status_code == 403 and "NORTE1" not in response.get_data(as_text=True)
    db.session.rollback()  # end the test's read snapshot: the request committed in its own session
    assert detection.get_case(found["NORTE1"]).status == "revision_usm"


def test_the_weekly_list_links_only_the_cases_the_person_may_open(app, team: Team) -> None:
    found = two_centres(team)
    give_centre(team, "usm", "CO Sur")
    page = signed_in(app, team, "usm").get(f"/admin/top10/semana?semana={WEEK}").get_data(as_text=True)
    assert f'href="/admin/top10/casos/{found["SUR1"]}"' in page
    assert f'href="/admin/top10/casos/{found["NORTE1"]}"' not in page
    assert "NORTE1" in words(page)  # the list itself is the weekly report every USM receives (step 3)
