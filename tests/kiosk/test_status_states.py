"""The status page /t/<token> (issue 10): the right message for every state, and a customer page for a wrong or
expired link, never the staff login."""

from __future__ import annotations

import re

import pytest

from core.actors import SYSTEM
from core.tickets import desks, engine
from tests.builders import make_counter
from tests.helpers import no_show_at_once

STAFF_WORDS = ("Contraseña", "Iniciar sesión", "Usuario")


def shown_message(page: str) -> str:
    """The text of the state message that is not hidden."""
    found = [text for _tag, attrs, text in re.findall(r'<(p|div)[^>]*data-for="\w+"([^>]*)>(.*?)</\1>', page, re.S)
             if "hidden" not in attrs]
    assert len(found) == 1, found
    return " ".join(re.sub(r"<[^>]+>", " ", found[0]).split())


@pytest.fixture
def counter_pair(app):
    return make_counter(desk_name="Mesón 7"), make_counter(label="Crédito")


def test_each_state_has_its_own_message(client, counter_pair, agent) -> None:
    """waiting, called (with the desk), serving, done, no-show, transferred (with where) and cancelled."""
    counter, other = counter_pair
    no_show_at_once()
    ticket = counter.issue()
    seen = {"waiting": shown_message(client.get(f"/t/{ticket.token}").get_data(as_text=True))}
    desks.call_next(counter.desk, actor=agent)
    seen["called"] = shown_message(client.get(f"/t/{ticket.token}").get_data(as_text=True))
    desks.start(counter.desk, actor=agent)
    seen["serving"] = shown_message(client.get(f"/t/{ticket.token}").get_data(as_text=True))
    desks.finish(counter.desk, actor=agent)
    seen["done"] = shown_message(client.get(f"/t/{ticket.token}").get_data(as_text=True))
    absent = counter.issue()
    desks.call_next(counter.desk, actor=agent)
    desks.no_show(counter.desk, actor=agent)
    seen["no_show"] = shown_message(client.get(f"/t/{absent.token}").get_data(as_text=True))
    moved = counter.issue()
    engine.transfer(moved.id, actor=SYSTEM, queue=other.queue.code)
    seen["transferred"] = shown_message(client.get(f"/t/{moved.token}").get_data(as_text=True))
    cancelled = counter.issue()
    engine.cancel(cancelled.id, actor=SYSTEM)
    seen["cancelled"] = shown_message(client.get(f"/t/{cancelled.token}").get_data(as_text=True))
    assert seen == {
        "waiting": "Espere en la sala: esta página le avisará cuando lo llamen.",
        "called": "¡Es su turno! Diríjase a Mesón 7",
        "serving": "Lo están atendiendo en Mesón 7 .",
        "done": "Su atención terminó. ¡Gracias por su visita!",
        "no_show": "Lo llamamos y no se presentó, así que su ficha se cerró. Si aún necesita el trámite, "
                   "consulte en Recepción.",
        "transferred": f"Su ficha fue transferida a {other.queue.name} . Espere a que lo llamen de allí.",
        "cancelled": "Su ficha fue anulada. Si aún necesita el trámite, consulte en Recepción.",
    }


def test_a_waiting_ticket_shows_the_worded_estimate_and_no_open_desk(client, counter) -> None:
    """While no desk of the queue is open the page says so and gives no minutes."""
    page = client.get(f"/t/{counter.issue().token}").get_data(as_text=True)
    assert "Ningún mesón abierto atiende su ficha ahora; le llamaremos cuando abra uno." in page
    assert "cuando abra un mesón" in page and "min aprox." not in page


def test_a_wrong_link_is_a_customer_page_not_the_login(client, counter) -> None:
    """A made-up token answers 404 with a Spanish page for the customer, with no staff login or menu."""
    response = client.get("/t/no-existe-esta-ficha")
    page = response.get_data(as_text=True)
    assert response.status_code == 404 and "No encontramos esta ficha" in page
    assert "saque una ficha nueva en el kiosco o consulte en Recepción" in page
    assert not any(word in page for word in STAFF_WORDS) and "/login" not in page


def test_a_link_of_a_past_day_never_served_has_expired(client, frozen, counter) -> None:
    """Yesterday's ticket that was never called shows «ya no está vigente» (404), not a wait that will not end."""
    ticket = counter.issue()
    frozen.advance(days=1)
    response = client.get(f"/t/{ticket.token}")
    assert response.status_code == 404
    assert f"La ficha {ticket.label} ya no está vigente" in response.get_data(as_text=True)
