"""The kiosk, reception and status-page routes over HTTP: who may call them and what they answer."""

from __future__ import annotations

import os

from sqlalchemy import func, select

from bench.sql_count import statements
from core.actors import SYSTEM
from core.config import Config
from core.extensions import db
from core.models import Ticket, TicketEvent
from core.tickets import desk_shifts, desks, intake
from tests.builders import Counter, make_queue, make_transaction
from tests.helpers import actor_for, csrf_from
from tests.kiosk.helpers import fresh_csrf, print_all


def test_kiosk_page_needs_its_device_token(client, demo) -> None:
    """Without a kiosk token the kiosk page is refused."""
    assert client.get("/kiosk").status_code == 401


def test_kiosk_page_shows_the_three_choices(kiosk) -> None:
    """The welcome screen offers information, locate and transaction."""
    page = kiosk.client.get("/kiosk").get_data(as_text=True)
    for label in ("Información de servicios", "Ubicar a un funcionario o unidad", "Realizar un trámite"):
        assert label in page


def test_kiosk_account_check_hides_personal_data(kiosk) -> None:
    """The kiosk's account check gives the status and where to pay, never the amount owed, the holder's name or
    the CI: anyone may type someone else's CI at a kiosk."""
    response = kiosk.post("/api/v1/accounts/check", {"account": "5566778"})
    body = response.get_json()["result"]
    assert response.status_code == 200 and body["status"] == "debt" and "Cartera" in body["pay_at"]
    text = response.get_data(as_text=True)
    assert "debt_amount" not in body and "350" not in text
    assert "holder_name" not in body and "ci" not in body and "Socio Demo" not in text


def test_reception_account_check_gives_full_detail(reception) -> None:
    """Reception sees the holder, CI and notes."""
    body = reception.post("/api/v1/accounts/check", {"account": "100300"}).get_json()["result"]
    assert (body["holder_name"], body["ci"], body["debt_amount"]) == ("Socio Demo Con Deuda", "5566778", "350.50")


def test_account_check_needs_a_kiosk_or_staff(client, demo) -> None:
    """An anonymous caller gets 401."""
    assert client.post("/api/v1/accounts/check", json={"account": "100300"}).status_code in (400, 401)


def test_kiosk_ticket_for_an_account_with_debt_is_refused(kiosk, checked_tx) -> None:
    """POST /api/v1/tickets with a debtor's account: 409 with the customer's view, no ticket."""
    response = kiosk.post("/api/v1/tickets", {"transaction": checked_tx, "account": "100300",
                                              "idempotency_key": "k-debt-0001"})
    assert response.status_code == 409
    assert response.get_json()["error"]["details"]["status"] == "debt"
    assert db.session.scalar(select(func.count(Ticket.id))) == 0


def test_kiosk_prints_its_ticket_once(kiosk, demo, counter) -> None:
    """The kiosk's issue queues its printout in the same request, on the kiosk's printer; the same request sent again
    (a lost answer) returns the same ticket and the same job, which the worker prints once."""
    from core.models import PrintJob

    body = {"transaction": counter.tx, "idempotency_key": "k-print-0001", "print": True}
    first = kiosk.post("/api/v1/tickets", body).get_json()
    again = kiosk.post("/api/v1/tickets", body).get_json()
    assert again["ticket"]["id"] == first["ticket"]["id"] and again["print_job"] == first["print_job"] is not None
    assert db.session.get(PrintJob, first["print_job"]).device_id == demo.kiosk_id
    assert "print_job" not in kiosk.post("/api/v1/tickets", {"transaction": counter.tx}).get_json()
    print_all()
    assert kiosk.get(f"/kiosk/impresiones/{first['print_job']}").get_json()["status"] == "done"


def test_a_printout_that_cannot_be_queued_never_costs_the_customer_the_ticket(client, kiosk, counter, monkeypatch,
                                                                              caplog) -> None:
    """A bad `print` is refused before any ticket. A printout that cannot be queued (here its document cannot be
    built) still answers 201 with the ticket and `print_job: null` (the kiosk says to note the number), logged; a
    kiosk with no printer gets null too."""
    from core.printing import documents
    from tests.helpers import bearer, device_token

    refused = kiosk.post("/api/v1/tickets", {"transaction": counter.tx, "print": "sí"})
    assert refused.status_code == 422 and refused.get_json()["error"]["code"] == "invalid_field"
    assert db.session.scalar(select(func.count(Ticket.id))) == 0

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("plantilla rota")

    monkeypatch.setattr(documents, "ticket_document", broken)
    answer = kiosk.post("/api/v1/tickets", {"transaction": counter.tx, "idempotency_key": "k-print-0002",
                                            "print": True})
    assert answer.status_code == 201 and answer.get_json()["print_job"] is None
    assert db.session.scalar(select(func.count(Ticket.id))) == 1
    assert "issued but its printout was not queued" in caplog.text
    monkeypatch.undo()
    alone = bearer(device_token("kiosk", "kiosco-sin-impresora"))
    answer = client.post("/api/v1/tickets", json={"transaction": counter.tx, "print": True}, headers=alone)
    assert answer.status_code == 201 and answer.get_json()["print_job"] is None


def test_kiosk_brochure_is_queued_for_its_printer(kiosk) -> None:
    """«Imprimir folleto» queues the topic's brochure on the kiosk's printer."""
    job = kiosk.post("/kiosk/folleto/INFO_TEL").get_json()["job"]
    assert kiosk.get(f"/kiosk/impresiones/{job}").get_json()["status"] == "pending"


def test_language_button_accepts_only_configured_languages(kiosk) -> None:
    """The language form refuses a language the office has not configured: back to the kiosk, which says so."""
    response = kiosk.client.post("/kiosk/idioma", data={"lang": "fr", "csrf_token": kiosk.csrf})
    assert response.status_code == 302 and response.headers["Location"] == "/kiosk"
    assert "Idioma no disponible." in kiosk.client.get("/kiosk").get_data(as_text=True)


def test_reception_page_is_for_reception(client, demo) -> None:
    """An agent cannot open reception."""
    from tests.helpers import login, make_user

    make_user("asesor9", "agent")
    login(client, "asesor9")
    assert client.get("/recepcion").status_code == 403


def test_reception_issues_despite_debt_with_a_reason(reception, checked_tx) -> None:
    """Reception issues for a debtor with a reason: verification «override», reason kept."""
    response = reception.post("/recepcion/fichas", {"transaction": checked_tx, "account": "100300",
                                                    "override_reason": "Pagará en caja hoy mismo",
                                                    "idempotency_key": "r-over-0001"})
    body = response.get_json()
    assert response.status_code == 201 and body["ticket"]["verification"] == "override"
    assert "Pagará en caja hoy mismo" in body["ticket"]["verification_note"] and body["job"] is not None


def test_reception_without_reason_gets_the_check_result(reception, checked_tx) -> None:
    """Without a reason, reception gets the same refusal as the kiosk, to decide."""
    response = reception.post("/recepcion/fichas", {"transaction": checked_tx, "account": "100400"})
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "account_pending_requirements"


def test_reception_reprints_a_ticket_of_the_day(reception, counter) -> None:
    """Reimprimir queues a new job for any ticket of today."""
    first = reception.post("/recepcion/fichas", {"transaction": counter.tx}).get_json()
    again = reception.post(f"/recepcion/fichas/{first['ticket']['id']}/reimprimir").get_json()["job"]
    assert again != first["job"]


def test_reception_lists_todays_tickets_by_number(reception, counter) -> None:
    """The ticket search finds today's tickets by number."""
    for _ in range(2):
        reception.post("/recepcion/fichas", {"transaction": counter.tx})
    first = f"{counter.queue.prefix}-001"
    numbers = [t["number"] for t in reception.get(f"/recepcion/fichas?q={first}").get_json()["tickets"]]
    assert numbers == [first]


def test_reception_list_reads_its_queues_with_its_tickets(reception) -> None:
    """Reception's list reloads after every change in the office: one read, however many queues its tickets are in."""
    queues = [make_queue(name=f"Cola {n}") for n in range(3)]
    for queue in queues:
        reception.post("/recepcion/fichas", {"transaction": make_transaction(queue).code})
    db.session.expire_all()  # as in a new request: nothing of the office already in memory
    with statements(db.engine) as seen:
        tickets = reception.client.get("/recepcion/fichas").get_json()["tickets"]
    assert [t["queue_name"] for t in tickets] == ["Cola 2", "Cola 1", "Cola 0"]
    assert not [s for s in seen if s.startswith("SELECT queue.")], "\n".join(seen)


def test_the_customer_gives_up_a_waiting_ticket_from_its_page(client, demo, counter) -> None:
    """«Anular mi ficha» on the status page: the ticket leaves the queue, its history says the customer did it,
    and the page says so. A forged post (no CSRF token) and a ticket a desk has called cancel nothing."""
    (first, first_link), (second, second_link) = [(t.id, f"/t/{t.token}") for t in (counter.issue(), counter.issue())]
    for link in (first_link, second_link):
        assert "¿Ya no necesita su turno?" in client.get(link).get_data(as_text=True)
    assert client.post(f"{first_link}/anular").status_code == 400  # no CSRF token: refused
    db.session.remove()
    assert db.session.get(Ticket, first).status == "waiting"
    desk_shifts.sign_in(counter.desks[1], actor=SYSTEM)
    assert desks.call_next(counter.desks[1], actor=SYSTEM).id == first  # the first in line is called
    token = csrf_from(client.get(second_link).get_data(as_text=True))
    client.post(f"{first_link}/anular", data={"csrf_token": token})
    assert "Su ficha ya no está en espera: no se anuló." in client.get(first_link).get_data(as_text=True)
    client.post(f"{second_link}/anular", data={"csrf_token": token})  # the second gives up its place
    page = client.get(second_link).get_data(as_text=True)
    assert "Su ficha fue anulada." in page
    db.session.remove()
    assert db.session.get(Ticket, first).status == "called"
    assert db.session.get(Ticket, second).status == "cancelled"
    event = db.session.scalars(select(TicketEvent).where(TicketEvent.ticket_id == second,
                                                         TicketEvent.action == "cancel")).one()
    assert (event.actor_kind, event.note) == ("customer", "el cliente, desde la página de su ficha")


def test_status_page_shows_no_personal_data(client, demo) -> None:
    """The public status page shows the number and queue, never the account or its verification note."""
    adviser = actor_for("recepcion1", "reception")
    queue = make_queue(name="Asesores Comerciales de Plataforma")
    checked_tx = make_transaction(queue, needs_account_check=True).code
    ticket = intake.request_ticket(checked_tx, actor=adviser, account="100300", channel="reception",
                                   override_reason="Pagará en caja")
    page = client.get(f"/t/{ticket.token}").get_data(as_text=True)
    assert ticket.label in page and "Asesores Comerciales de Plataforma" in page
    assert "100300" not in page and "Pagará" not in page and "Socio Demo" not in page


def test_unknown_status_token_is_404(client, demo) -> None:
    """A made-up token finds nothing."""
    assert client.get("/t/no-existe-esta-ficha").status_code == 404


def test_status_json_and_qr(client, demo, counter) -> None:
    """The status JSON carries people ahead; the QR is an SVG of the status URL."""
    adviser = actor_for("recepcion1", "reception")
    ticket = intake.request_ticket(counter.tx, actor=adviser, channel="reception")
    data = client.get(f"/t/{ticket.token}/estado").get_json()
    assert (data["number"], data["people_ahead"], data["status"]) == (f"{counter.queue.prefix}-001", 0, "waiting")
    qr = client.get(f"/t/{ticket.token}/qr.svg")
    assert qr.mimetype == "image/svg+xml" and b"<svg" in qr.data


def _done_ticket(counter: Counter) -> Ticket:
    adviser = actor_for("recepcion1", "reception")
    agent = actor_for("asesor9", "agent")
    ticket = intake.request_ticket(counter.tx, actor=adviser, channel="reception")
    desks.call_next(counter.desk, actor=agent)
    desks.finish(counter.desk, actor=agent)
    return ticket


def test_status_page_survey_records_one_answer(client, demo, counter) -> None:
    """After the service the phone answers the P01 question once; a second answer gets a clear message."""
    ticket = _done_ticket(counter)
    csrf = fresh_csrf(client, f"/t/{ticket.token}")
    first = client.post(f"/t/{ticket.token}/encuesta", data={"satisfied": "si", "score": "5", "csrf_token": csrf},
                        follow_redirects=True)
    assert "¡Gracias por su respuesta!" in first.get_data(as_text=True)
    second = client.post(f"/t/{ticket.token}/encuesta", data={"satisfied": "no", "csrf_token": csrf},
                         follow_redirects=True)
    assert "ya fue evaluada" in second.get_data(as_text=True)


def test_status_page_survey_needs_csrf(client, demo, counter) -> None:
    """The survey form without its CSRF token is refused."""
    ticket = _done_ticket(counter)
    assert client.post(f"/t/{ticket.token}/encuesta", data={"satisfied": "si"}).status_code == 400


def test_survey_before_the_service_is_refused(client, demo, counter) -> None:
    """A waiting ticket cannot be rated yet."""
    adviser = actor_for("recepcion1", "reception")
    ticket = intake.request_ticket(counter.tx, actor=adviser, channel="reception")
    csrf = csrf_from(client.get(f"/t/{ticket.token}").get_data(as_text=True))
    page = client.post(f"/t/{ticket.token}/encuesta", data={"satisfied": "si", "csrf_token": csrf},
                       follow_redirects=True).get_data(as_text=True)
    assert "todavía no fue atendida" in page


def test_language_button_switches_to_a_configured_language(app, kiosk) -> None:
    """With a second language configured, the button stores it in the session for the locale selector."""
    app.config["LANGUAGES"] = ["es_BO", "qu"]
    page = kiosk.client.get("/kiosk").get_data(as_text=True)
    assert 'name="lang" value="qu"' in page
    assert kiosk.client.post("/kiosk/idioma", data={"lang": "qu", "csrf_token": kiosk.csrf}).status_code == 302
    with kiosk.client.session_transaction() as session:
        assert session["lang"] == "qu"


def test_kiosk_page_carries_its_settle_time_from_the_configuration(app, kiosk) -> None:
    """Taps are ignored for KIOSK_SETTLE_MS after each screen change: 450 ms in production, one setting."""
    if "KIOSK_SETTLE_MS" not in os.environ:  # a machine may set its own; the default is what production gets
        assert Config.KIOSK_SETTLE_MS == 450
    app.config["KIOSK_SETTLE_MS"] = 600
    assert 'data-settle-ms="600"' in kiosk.client.get("/kiosk").get_data(as_text=True)


def test_kiosk_page_carries_its_arriving_tap_time_from_the_configuration(app, kiosk) -> None:
    """A touch at the spot of the one that changed the screen is ignored for KIOSK_ARRIVING_TAP_MS: 1.5 s in
    production (a slow double tap is 0.5–0.9 s)."""
    if "KIOSK_ARRIVING_TAP_MS" not in os.environ:
        assert Config.KIOSK_ARRIVING_TAP_MS == 1500
    app.config["KIOSK_ARRIVING_TAP_MS"] = 1200
    assert 'data-arriving-tap-ms="1200"' in kiosk.client.get("/kiosk").get_data(as_text=True)
