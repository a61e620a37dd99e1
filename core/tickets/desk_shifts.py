"""Who works a desk: an agent signs in (and leaves any other desk), pauses, resumes and signs out; a supervisor
may act on any desk; desks left open close at «Salir», when an agent is disabled, and at night. What a desk does
with its tickets is in `desks.py`."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import bindparam, select

from core import clock, lookups
from core.actors import SYSTEM, Actor
from core.errors import DeskBusy, DomainError, Forbidden, IllegalTransition
from core.extensions import db
from core.models import Desk
from core.org.desk_names import desk_subject
from core.realtime import broadcast
from core.roles import DESK_OPERATORS, SUPERVISORS
from core.tx import unit_of_work


def _oversees(actor: Actor) -> bool:
    """The system and supervisors may act on any desk without taking it."""
    return actor.kind == "system" or actor.has_role(*SUPERVISORS)


def check_operator(desk: Desk, actor: Actor) -> None:
    """An agent works the desk they signed in at, or a free one; supervisors any desk."""
    if _oversees(actor):
        return
    if not actor.has_role(*DESK_OPERATORS):
        raise Forbidden("Solo un asesor de mesón puede operar un mesón.")
    if desk.agent_id not in (None, actor.id):
        raise Forbidden(f"{desk_subject(desk.name)} está a cargo de otro funcionario.", code="desk_taken")


# The desks an agent holds, locked: signing in at another one, or leaving Turnero, closes them.
_IN_NAME = select(Desk).where(Desk.agent_id == bindparam("agent")).order_by(Desk.id)
_HELD = _IN_NAME.with_for_update()
_WITH_CUSTOMER = _IN_NAME.where(Desk.current_ticket_id.is_not(None))
_HELD_ELSEWHERE = _HELD.where(Desk.id != bindparam("desk"))


def set_state(desk: Desk, state: str) -> None:
    """Open, pause or close a desk, noting since when (`Desk.state_since`, the monitor's «En pausa desde …»)."""
    if desk.state != state:
        desk.state = state
        desk.state_since = clock.now()


def _close(desk: Desk, actor: Actor) -> None:
    if desk.state != "closed":
        broadcast.desk_availability_changed(desk)
    set_state(desk, "closed")
    desk.agent_id = None
    broadcast.desk_changed(desk, by=actor)


def ensure_operator(desk: Desk, actor: Actor) -> None:
    """`check_operator`, then a free desk is taken by the first person who acts on it (signing in, or a first
    action through the API): an agent, or a supervisor covering it. A supervisor acting at someone else's desk
    (finishing what an agent left) leaves it theirs. A person works one desk at a time: taking one closes the
    others they hold (signed in at one PC, then gone to another without signing out), so the monitor shows where
    they are, «Salir» closes it, and no estimate counts a desk nobody works; while a customer is still at one of
    them, the new desk is refused instead."""
    check_operator(desk, actor)
    if actor.kind != "user" or desk.agent_id is not None:  # ours already, or someone else's a supervisor acts on
        return
    for other in db.session.scalars(_HELD_ELSEWHERE, {"agent": actor.id, "desk": desk.id}):
        if other.current_ticket_id is not None:
            raise DeskBusy(f"Tiene una ficha activa en {other.name}: finalícela o transfiérala antes de cambiar de "
                           "mesón.", code="agent_busy_elsewhere")
        _close(other, actor)
    desk.agent_id = actor.id


def signed_in_desk(desk_code: str | None, actor: Actor) -> str | None:
    """The desk a console signed in at, while this actor may still work it; None once it is someone else's."""
    if not desk_code:
        return None
    try:
        desk = lookups.desk_to_show(desk_code)  # the console's view reads it next, in the same transaction
        check_operator(desk, actor)
    except DomainError:
        return None
    return desk.code


def locked_desk(code: str, actor: Actor) -> Desk:
    """The desk, locked, once this actor may work it (`ensure_operator`): every desk action starts here."""
    desk = lookups.desk(code, lock=True)
    ensure_operator(desk, actor)
    return desk


def pause(desk_code: str, *, actor: Actor) -> Desk:
    with unit_of_work():
        desk = locked_desk(desk_code, actor)
        if desk.current_ticket_id is not None:
            raise DeskBusy("Finalice o transfiera la ficha activa antes de pausar el mesón.")
        if desk.state == "paused":
            raise IllegalTransition(f"{desk_subject(desk.name)} ya está en pausa.", code="already_paused")
        set_state(desk, "paused")
        broadcast.desk_availability_changed(desk)
        broadcast.desk_changed(desk, by=actor)
    return desk


def resume(desk_code: str, *, actor: Actor) -> Desk:
    with unit_of_work():
        desk = locked_desk(desk_code, actor)
        if desk.state != "paused":
            raise IllegalTransition(f"{desk_subject(desk.name)} no está en pausa.", code="not_paused")
        set_state(desk, "open")
        broadcast.desk_availability_changed(desk)
        broadcast.desk_changed(desk, by=actor)
    return desk


def sign_in(desk_code: str, *, actor: Actor) -> Desk:
    """An agent takes a desk for the day: it opens and is theirs until they sign out (and their other desks close:
    `ensure_operator`)."""
    with unit_of_work():
        desk = locked_desk(desk_code, actor)
        if desk.state == "closed":
            set_state(desk, "open")
            broadcast.desk_availability_changed(desk)
        broadcast.desk_changed(desk, by=actor)
    return desk


def _close_idle(desks: Iterable[Desk], actor: Actor) -> tuple[list[Desk], list[Desk]]:
    """Close each of these desks unless a customer is still at it: (closed, kept open)."""
    closed, kept = [], []
    for desk in desks:
        if desk.current_ticket_id is not None:
            kept.append(desk)
        else:
            _close(desk, actor)
            closed.append(desk)
    return closed, kept


def release_agent(agent_id: int, actor: Actor) -> list[Desk]:
    """Close the desks this agent holds, so none stays «Abierto» in the name of someone who is not there, counted as
    open by every estimate: at «Salir», and when an admin disables them or resets their password (their sessions
    end). A desk with a customer still at it stays (the monitor shows it); those are returned."""
    with unit_of_work():
        return _close_idle(db.session.scalars(_HELD, {"agent": agent_id}), actor)[1]


def with_customer(agent_id: int) -> list[Desk]:
    """The desks in this agent's name with a customer at them: the ones `release_agent` keeps open, and the only ones
    the agent may open (`ensure_operator`); the picker offers the first, the admin is told of each."""
    return list(db.session.scalars(_WITH_CUSTOMER, {"agent": agent_id}))


_OPEN = select(Desk).where(Desk.state != "closed").order_by(Desk.id).with_for_update()


def close_for_the_night(actor: Actor = SYSTEM) -> tuple[list[Desk], list[Desk]]:
    """After hours (`flask close-desks`, a nightly timer): every desk still open closes and is nobody's, since an
    agent who closed the browser without «Salir» left theirs «Abierto», and tomorrow's first estimates would
    count it. One with a customer still at it stays. Returns (closed, kept); running it twice closes nothing more."""
    with unit_of_work():
        return _close_idle(db.session.scalars(_OPEN), actor)


def sign_out(desk_code: str, *, actor: Actor) -> Desk:
    with unit_of_work():
        desk = locked_desk(desk_code, actor)
        if desk.current_ticket_id is not None:
            raise DeskBusy("Finalice o transfiera la ficha activa antes de cerrar el mesón.")
        _close(desk, actor)
    return desk
