"""The printed ticket tells the customer what to bring and how long they will really wait (issue 10), read
back from the fake printer's decoded ESC/POS."""

from __future__ import annotations

import pytest

from core.actors import SYSTEM
from core.printing import print_queue
from core.tickets import desk_shifts, engine
from printers.decode import decode
from tests.builders import make_desk, make_queue, make_transaction

REQUIREMENTS = "Cédula de identidad vigente del titular\nCroquis de ubicación del nuevo domicilio"


def _printed_text(fake, kiosk, ticket) -> str:
    job = print_queue.print_ticket(ticket.id, device_id=kiosk[0].id, actor=SYSTEM, base_url="https://t.example")
    assert print_queue.process_pending() >= 1
    assert print_queue.job_state(job) == {"status": "done", "error": None}
    return " ".join(decode(fake.wait_for_jobs(1, timeout=3)[0], fake.profile).text.split())


@pytest.fixture
def traslado(app):
    queue = make_queue()
    desk = make_desk(queues=[queue])
    return make_transaction(queue, label="Traslado de servicio", requirements=REQUIREMENTS), desk


@pytest.mark.parametrize(("profile", "paper"), [("TM-T20II", 80), ("POS-5890", 58)])
def test_ticket_prints_the_requirements_of_its_tramite(fake, fake_printer, kiosk, traslado, agent, profile,
                                                       paper) -> None:
    """Each requirement of the trámite is on the paper, under «Tenga a mano:»; nobody ahead at an open desk
    reads «en breve», never «0 min»."""
    fake_printer(profile, paper)
    tx, desk = traslado
    desk_shifts.sign_in(desk.code, actor=agent)
    text = _printed_text(fake, kiosk, engine.issue_ticket(tx.code, actor=SYSTEM))
    assert "Tenga a mano:" in text
    assert "- Cédula de identidad vigente del titular" in text
    assert "- Croquis de ubicación del nuevo domicilio" in text
    assert "Espera estimada: en breve" in text
    assert "0 min" not in text
    assert "Ningún mesón" not in text
    # The code under it follows the turn, and lets a customer who leaves give up the place.
    assert "Siga su turno en su celular (si se retira, anúlelo ahí):" in text


def test_ticket_says_when_no_desk_serving_the_queue_is_open(fake, fake_printer, kiosk, traslado) -> None:
    """With every desk of the queue closed the ticket says so instead of promising a wait."""
    fake_printer()
    tx, _desk = traslado
    text = _printed_text(fake, kiosk, engine.issue_ticket(tx.code, actor=SYSTEM))
    assert "Ningún mesón abierto atiende su ficha ahora; le llamaremos cuando abra uno." in text
    assert "Espera estimada: cuando abra un mesón" in text
