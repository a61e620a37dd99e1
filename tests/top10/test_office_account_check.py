"""Issue 12, Cliente Top 10 at reception and in the API account check: staff who check an account with an open
case read «Cliente Top 10: caso abierto #N (paso, responsable)»; the kiosk device's answer, the customer's
ticket, status page and printed ticket carry nothing of it, while the ticket the kiosk issued still shows the
flag to reception, supervisors and the serving desk."""

from __future__ import annotations

from dataclasses import asdict

from flask import Flask
from flask.testing import FlaskClient

from core import clock
from core.extensions import db
from core.models import Account, Ticket
from core.printing import documents
from core.tickets import console, desk_shifts, desks
from tests.helpers import KIOSK_TX, PASSWORD, csrf_from, device_token, login, make_user
from tests.top10.helpers import Team, one_case

CI = "4455667"


def add_account(number: str = "100") -> None:
    """The followed customer's account in the table imported from Smartflex: up to date, so the kiosk issues."""
    db.session.add(Account(number=number, holder_name="Socio Seguido", ci=CI, notes="",
                           updated_at=clock.now()))
    db.session.commit()


def staff(app: Flask, username: str, role: str) -> tuple[FlaskClient, dict[str, str]]:
    make_user(username, role)
    client = app.test_client()
    return client, {"X-CSRFToken": login(client, username, PASSWORD)}


def kiosk(app: Flask) -> tuple[FlaskClient, dict[str, str]]:
    client = app.test_client()
    headers = {"Authorization": f"Bearer {device_token('kiosk')}"}
    headers["X-CSRFToken"] = csrf_from(client.get("/login").get_data(as_text=True))
    return client, headers


def check(caller: tuple[FlaskClient, dict[str, str]], account: str) -> dict:
    client, headers = caller
    response = client.post("/api/v1/accounts/check", json={"account": account}, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["result"]


def test_reception_and_supervisors_read_the_flag_in_the_account_check(app, team: Team) -> None:
    """By account number or by the holder's CI: the open case, its step and who holds it; null for others."""
    case_id = one_case(team, "100")
    add_account()
    expected = f"Cliente Top 10: caso abierto #{case_id} (paso 2, Analista Gestor Top 10)"
    reception = staff(app, "recepcion1", "reception")
    supervisor = staff(app, "supervisora1", "supervisor")
    assert check(reception, "100")["top10"]["text"] == expected
    assert check(reception, CI)["top10"] == {**check(supervisor, "100")["top10"], "text": expected}
    assert check(reception, "999")["top10"] is None


def test_the_kiosk_answer_never_carries_the_flag(app, team: Team) -> None:
    one_case(team, "100")
    add_account()
    client, headers = kiosk(app)
    for query in ("100", CI):
        response = client.post("/api/v1/accounts/check", json={"account": query}, headers=headers)
        assert response.status_code == 200 and response.get_json()["result"]["status"] == "ok"
        assert "top10" not in response.get_json()["result"]
        assert "Top 10" not in response.get_data(as_text=True) and "caso abierto" not in response.get_data(as_text=True)


def test_a_kiosk_ticket_shows_the_flag_to_staff_only(app, team: Team) -> None:
    """The kiosk issues the followed customer's ticket: its answer, the status page and the printed ticket say
    nothing; reception and the supervisor read the flag on the ticket, and so does the desk that calls it."""
    case_id = one_case(team, "100")
    add_account()
    client, headers = kiosk(app)
    issued = client.post("/api/v1/tickets", headers=headers,
                         json={"transaction": KIOSK_TX, "account": "100", "idempotency_key": "k-top10-0001"})
    assert issued.status_code == 201, issued.get_data(as_text=True)
    ticket_id = issued.get_json()["ticket"]["id"]
    ticket = db.session.get(Ticket, ticket_id)
    customer_facing = [issued.get_data(as_text=True), str(asdict(documents.ticket_document(ticket)))]
    status_path = f"/t/{ticket.token}"
    for path in (status_path, f"{status_path}/estado"):
        page = app.test_client().get(path)
        assert page.status_code == 200
        customer_facing.append(page.get_data(as_text=True))
    for text in customer_facing:
        assert "Top 10" not in text and "caso abierto" not in text and "top10" not in text

    flag = f"Cliente Top 10: caso abierto #{case_id}"
    for username, role in (("recepcion1", "reception"), ("supervisora1", "supervisor")):
        staff_client, staff_headers = staff(app, username, role)
        seen = staff_client.get(f"/api/v1/tickets/{ticket_id}", headers=staff_headers).get_json()["ticket"]
        assert seen["top10"]["text"].startswith(flag)
    agent = team.agent
    desk_shifts.sign_in("P01", actor=agent)
    assert desks.call_next("P01", actor=agent).id == ticket_id
    assert console.desk_state("P01")["current"]["top10"]["text"].startswith(flag)
