"""What «Ficha actual» reads (console.desk_state's `current`): the verified holder for the desk only, the
trámite's requirements, and the time of this desk's first call, which a recall does not move."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core import clock
from core.tickets import console, desk_shifts, desks, serialize
from tests.builders import make_account, make_ticket, make_transaction

T0 = datetime(2026, 11, 27, 14, 0, tzinfo=UTC)
HOLDER = "María Quispe Mamani"


def test_the_desk_reads_the_verified_holder_and_the_requirements(app, counter, agent) -> None:
    make_account(holder=HOLDER)
    tx = make_transaction(counter.queue, requirements="Carnet de identidad\nÚltima factura").code
    ticket = make_ticket(tx, account="100300", verification="ok")
    desk_shifts.sign_in(counter.desk, actor=agent)
    desks.call_next(counter.desk, actor=agent)
    current = console.desk_state(counter.desk)["current"]
    assert current["holder"] == HOLDER
    assert current["requirements"] == ["Carnet de identidad", "Última factura"]
    # Never on what the customer, the kiosk or the panels read.
    assert HOLDER not in repr(serialize.public_ticket(ticket)) and HOLDER not in repr(serialize.call_payload(
        ticket, recall=False))


def test_no_holder_for_an_unverified_reference(app, counter, agent) -> None:
    """Smartflex did not answer at issue: the reference may be mistyped, its holder someone else."""
    make_account(holder=HOLDER)
    make_ticket(counter.tx, account="100300", verification="unverified",
                verification_note="Verificación pendiente: Smartflex no respondió")
    desk_shifts.sign_in(counter.desk, actor=agent)
    desks.call_next(counter.desk, actor=agent)
    assert console.desk_state(counter.desk)["current"]["holder"] is None


def test_a_recall_keeps_the_time_of_the_first_call(app, counter, agent) -> None:
    counter.issue(now=T0)
    desk_shifts.sign_in(counter.desk, actor=agent)
    desks.call_next(counter.desk, actor=agent, now=T0)
    desks.recall(counter.desk, actor=agent, now=T0 + timedelta(minutes=2))
    current = console.desk_state(counter.desk, now=T0 + timedelta(minutes=3))["current"]
    assert current["called_here_at"] == clock.iso(T0) and current["recalls"] == 1
