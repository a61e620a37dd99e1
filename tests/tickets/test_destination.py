"""«Le atenderá» on the kiosk, reception and status page: the queue, then the desk only when it adds a name."""

from __future__ import annotations

from core.tickets import serialize
from tests.builders import make_desk, make_queue, make_ticket, make_transaction


def test_a_unit_whose_queue_and_desk_share_a_name_is_named_once(app) -> None:
    queue = make_queue(name="Coordinador Técnico Comercial")
    desk = make_desk(queues=[queue], name="Coordinador Técnico Comercial")
    ticket = make_ticket(make_transaction(queue, desk=desk))
    assert serialize.public_ticket(ticket)["destination"] == "Coordinador Técnico Comercial"


def test_a_desk_with_its_own_name_follows_the_queue(app) -> None:
    queue = make_queue(name="Back Office Comercial")
    desk = make_desk(queues=[queue], name="Mezanine BOC 2")
    ticket = make_ticket(make_transaction(queue, desk=desk))
    assert serialize.public_ticket(ticket)["destination"] == "Back Office Comercial · Mezanine BOC 2"


def test_without_a_desk_the_queue_alone(app) -> None:
    ticket = make_ticket(make_transaction(make_queue(name="Asesores de Plataforma")))
    assert serialize.public_ticket(ticket)["destination"] == "Asesores de Plataforma"
