"""Issue 10: every attention at the entrance is recorded (info-only, locate-only, ticket) and the customer can
answer the P01 question about it: at reception, on the ticket's status page, or from the slip's short link."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from core.actors import Actor
from core.errors import Forbidden, IllegalTransition
from core.extensions import db
from core.models import Attention, InfoAnswer, PrintJob
from core.printing import documents
from core.tickets import attentions
from printers.config import PrinterConfig
from printers.layouts import render_bytes
from tests.builders import make_actor, make_directory_entry, make_info
from tests.helpers import csrf_from, login, make_user
from tests.kiosk.helpers import fresh_csrf


@pytest.fixture
def reception(app):
    return make_actor("recepcion_at", "reception")


def test_every_ticket_is_an_attention(frozen, counter) -> None:
    """Issuing a ticket records its attention in the same transaction, with the transaction as the topic."""
    ticket = counter.issue()
    attention = attentions.of_ticket(ticket)
    assert (attention.kind, attention.topic, attention.ticket_id) == ("ticket", ticket.transaction_label, ticket.id)


def test_reception_records_an_info_only_visit_with_its_brochure(frozen, reception, demo) -> None:
    """Reception informs (act. 2): the attention is recorded with who and when, and the brochure goes to the
    reception printer with the short link to the P01 question, printed and as a QR."""
    topic = make_info(label="Internet hogar", requirements="Carnet de identidad\nFactura de luz").code
    attention, job = attentions.record_visit("info", topic, actor=reception, channel="reception", print_slip=True,
                                             base_url="http://oficina")
    assert (attention.kind, attention.channel, attention.topic, attention.actor_name) == (
        "info", "reception", "Internet hogar", "recepcion_at")
    printed = db.session.get(PrintJob, job)
    doc = documents.document_of(printed)
    assert doc.survey_url == f"http://oficina/i/{attention.token}"
    data = render_bytes(doc, PrinterConfig.from_dict({"backend": "file"}))
    assert f"/i/{attention.token}".encode() in data and "Carnet de identidad".encode("cp858") in data


def test_a_locate_only_visit_is_recorded_without_printing(frozen, reception) -> None:
    """Acts 3–4 without a slip: still one attention, and no print job."""
    entry = make_directory_entry(label="Lic. Rosa Vargas").code
    attention, job = attentions.record_visit("locate", entry, actor=reception, channel="reception", print_slip=False)
    assert (attention.kind, attention.topic, job) == ("locate", "Lic. Rosa Vargas", None)
    assert db.session.scalar(select(PrintJob.id)) is None


def test_a_customer_told_what_is_pending_is_attended_without_a_ticket(frozen, reception, counter) -> None:
    """Act. 7: told to settle a debt or bring a requirement first, the customer leaves without a ticket and was
    attended all the same: P01's «total de clientes atendidos» counts them (it left them out). No slip."""
    from core import clock
    from core.reporting import indicators

    before = indicators.p01(indicators.month(clock.business_day()))["attended"]
    attention, job = attentions.record_visit("pending", counter.tx, actor=reception, channel="reception",
                                             print_slip=True)
    assert (attention.kind, attention.node_code, job) == ("pending", counter.tx, None)
    assert attentions.staff(attention)["kind_label"] == "Requisitos o deuda pendientes"
    assert indicators.p01(indicators.month(clock.business_day()))["attended"] == before + 1
    assert db.session.scalar(select(PrintJob.id)) is None


def test_only_reception_records_at_reception(frozen, agent) -> None:
    """A desk agent cannot record reception attentions (and so cannot inflate P01)."""
    with pytest.raises(Forbidden):
        attentions.record_visit("info", make_info().code, actor=agent, channel="reception", print_slip=False)


def test_one_answer_per_attention_and_reception_only_shortly_after(frozen, reception, agent) -> None:
    """Reception records the customer's answer once; an agent may not; after the window only the customer's
    own link is open."""
    first = attentions.record_visit("info", make_info().code, actor=reception, channel="reception",
                                    print_slip=False)[0]
    with pytest.raises(Forbidden):
        attentions.answer(satisfied=True, source="reception", attention_id=first.id, actor=agent)
    attentions.answer(satisfied=True, source="reception", attention_id=first.id, actor=reception)
    with pytest.raises(attentions.AlreadyAnswered):
        attentions.answer(satisfied=False, source="slip", token=first.token)
    late = attentions.record_visit("info", make_info().code, actor=reception, channel="reception",
                                   print_slip=False)[0]
    frozen.advance(minutes=31)
    with pytest.raises(IllegalTransition):
        attentions.answer(satisfied=True, source="reception", attention_id=late.id, actor=reception)
    attentions.answer(satisfied=False, source="slip", token=late.token)
    assert [a.source for a in db.session.scalars(select(InfoAnswer).order_by(InfoAnswer.id))] == ["reception", "slip"]


def test_the_slip_link_asks_without_personal_data(client, frozen, reception) -> None:
    """/i/<token>: the topic and the question, no login; the answer is recorded once; a bad link is a
    customer page (404), not the staff login."""
    entry = make_directory_entry(label="Unidad de Cartera").code
    attention = attentions.record_visit("locate", entry, actor=reception, channel="reception", print_slip=False)[0]
    page = client.get(f"/i/{attention.token}").get_data(as_text=True)
    assert "Unidad de Cartera" in page and attentions.QUESTION in page and "recepcion_at" not in page
    response = client.post(f"/i/{attention.token}", data={"csrf_token": csrf_from(page), "satisfied": "si"})
    assert response.status_code == 302
    assert "Su opinión sobre la información recibida quedó registrada" in client.get(f"/i/{attention.token}").get_data(
        as_text=True)
    assert db.session.scalar(select(InfoAnswer.satisfied)) is True
    missing = client.get("/i/no-existe")
    assert missing.status_code == 404 and "Iniciar sesión" not in missing.get_data(as_text=True)


def test_the_status_page_asks_the_p01_question_while_waiting(client, frozen, counter) -> None:
    """A ticket holder answers about the information at the entrance from the status page, without waiting
    for the desk; the desk question is another one."""
    ticket = counter.issue()
    page = client.get(f"/t/{ticket.token}").get_data(as_text=True)
    assert attentions.QUESTION in page
    client.post(f"/t/{ticket.token}/informacion", data={"csrf_token": csrf_from(page), "satisfied": "no"})
    answer = db.session.scalar(select(InfoAnswer))
    assert (answer.satisfied, answer.source, answer.attention_id) == (False, "status_page",
                                                                      attentions.of_ticket(ticket).id)


def test_reception_routes_record_and_ask(app, frozen, demo) -> None:
    """POST /recepcion/atenciones records the visit (201) and its answer; a wrong kind is a Spanish 422 and
    an unknown entry a 404, recording nothing."""
    make_user("recep_rt", "reception")
    client = app.test_client()
    login(client, "recep_rt")
    headers = {"X-CSRFToken": fresh_csrf(client, "/recepcion"), "Accept": "application/json"}
    topic = make_info().code
    created = client.post("/recepcion/atenciones", json={"kind": "info", "node": topic, "print": False},
                          headers=headers)
    assert created.status_code == 201 and created.get_json()["job"] is None
    attention_id = created.get_json()["attention"]["id"]
    answered = client.post(f"/recepcion/atenciones/{attention_id}/encuesta", json={"satisfied": True},
                           headers=headers)
    assert answered.status_code == 201
    bad = client.post("/recepcion/atenciones", json={"kind": "otro", "node": topic}, headers=headers)
    assert bad.status_code == 422
    assert "información, ubicación o requisitos pendientes" in bad.get_json()["error"]["message"]
    unknown = client.post("/recepcion/atenciones", json={"kind": "locate", "node": topic}, headers=headers)
    assert unknown.status_code == 404
    assert db.session.scalar(select(db.func.count(Attention.id))) == 1


def test_a_kiosk_slip_is_an_attention_with_its_link(app, frozen, demo) -> None:
    """The kiosk's «Imprimir folleto» records a kiosk attention, and the brochure carries its P01 link."""
    from tests.kiosk.helpers import jobs

    client = app.test_client()
    client.get(f"/kiosk?token={demo.kiosk_token}")
    headers = {"X-CSRFToken": fresh_csrf(client, "/kiosk"), "Accept": "application/json"}
    topic = make_info(label="Folleto de prueba").code
    assert client.post(f"/kiosk/folleto/{topic}", headers=headers).status_code == 200
    attention = db.session.scalar(select(Attention))
    assert (attention.kind, attention.channel, attention.topic) == ("info", "kiosk", "Folleto de prueba")
    [job] = jobs("brochure")
    assert job.payload["survey_url"].endswith(f"/i/{attention.token}")


def test_a_ticket_taken_from_the_debt_screen_follows_up_its_attention(app, counter) -> None:
    """The kiosk told a debtor what to settle (a «pending» attention), then issued their ticket for the debt unit:
    one customer, one attention in P01. Another kiosk's, or an attention already followed, is not taken over."""
    from core.tickets import intake
    from tests.builders import make_device

    kiosk = Actor.of_device(make_device("kiosk")[0])
    other = Actor.of_device(make_device("kiosk")[0])
    pending = attentions.record_visit("pending", counter.tx, actor=kiosk, channel="kiosk", print_slip=False)[0]
    ticket = intake.request_ticket(counter.tx, actor=kiosk, after_attention=pending.token)
    assert attentions.of_ticket(ticket).id == pending.id
    assert db.session.scalar(select(func.count(Attention.id))) == 1
    again = intake.request_ticket(counter.tx, actor=kiosk, after_attention=pending.token)  # already followed
    elsewhere = intake.request_ticket(counter.tx, actor=other, after_attention=pending.token)
    assert attentions.of_ticket(again).kind == attentions.of_ticket(elsewhere).kind == "ticket"
    assert db.session.scalar(select(func.count(Attention.id))) == 3
