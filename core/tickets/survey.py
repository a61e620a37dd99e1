"""The desk-service question: how the customer rates the service at the desk, once the ticket is done.

One answer per attended ticket, from the tablet at the desk or from the ticket's status page. The unique
key on `survey_answer.ticket_id` is the last line of defence when both answer at the same moment. It is the
second indicator beside P01, which asks about reception's information and routing
(core/tickets/attentions.py); both are computed in core/reporting/indicators.py.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import bindparam, func, select
from sqlalchemy.exc import IntegrityError

from core import clock, lookups
from core.actors import Actor
from core.errors import Forbidden, IllegalTransition, Invalid
from core.extensions import db
from core.models import Desk, SurveyAnswer, Ticket, TicketEvent
from core.realtime import outbox, rooms
from core.roles import SUPERVISORS, require
from core.tickets import serialize, states
from core.tx import unit_of_work

logger = logging.getLogger(__name__)

SOURCES = ("tablet", "status_page")
QUESTION = "¿Quedó satisfecho con la atención que recibió en el mesón?"
# How long after *Finalizar* the desk's tablet may answer for the ticket (the tablet itself gives up sooner).
SURVEY_WINDOW = timedelta(minutes=5)


class AlreadyAnswered(IllegalTransition):
    code, message = "already_answered", "Esta ficha ya fue evaluada: gracias por su respuesta."


def desk_for(actor: Actor, desk_code: str | None) -> Desk:
    """The desk whose survey this caller works: a survey tablet only its own (naming another is refused), a
    supervisor the one they name (to check a tablet from a PC)."""
    if actor.is_device("survey"):
        desk = db.session.get(Desk, actor.desk_id) if actor.desk_id is not None else None
        if desk is None or (desk_code and desk_code.lower() != desk.code.lower()):
            raise Forbidden("Esta tableta pertenece a otro mesón.", code="wrong_desk")
        return desk
    require(actor, SUPERVISORS)
    if not desk_code:
        raise Invalid("Indique el mesón.", code="missing_desk")
    return lookups.desk(desk_code)


def _check(satisfied: object, score: object, source: str) -> None:
    if not isinstance(satisfied, bool):
        raise Invalid("Indique si quedó satisfecho: sí o no.", code="invalid_answer")
    if score is not None and (isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5):
        raise Invalid("La calificación debe ser un número del 1 al 5.", code="invalid_score")
    if source not in SOURCES:
        raise Invalid("Origen de la respuesta no válido.", code="invalid_source")


def just_finished(desk: Desk, now: datetime) -> Ticket | None:
    """The ticket the desk finished last, while its answer window is open."""
    ticket = db.session.scalars(
        select(Ticket).where(Ticket.desk_id == desk.id, Ticket.status == "done")
        .order_by(Ticket.finished_at.desc(), Ticket.id.desc())
    ).first()
    if ticket is None or ticket.finished_at is None or clock.as_utc(ticket.finished_at) < now - SURVEY_WINDOW:
        return None
    return ticket


# The desk's calls and starts of other tickets since a given moment (the events' `at` index bounds it to minutes).
_NEXT_SINCE = (select(TicketEvent.action, func.min(TicketEvent.at))
               .where(TicketEvent.at >= bindparam("since"), TicketEvent.action.in_(("call", "start")),
                      TicketEvent.desk_id == bindparam("desk"), TicketEvent.ticket_id != bindparam("ticket"))
               .group_by(TicketEvent.action))
# How long the customer just served may still answer once the desk called the next one: that one is walking over
# from the waiting room, and agents call at once after «Finalizar». Starting the next service closes it at once.
CLOSING_GRACE = timedelta(seconds=45)


def closed_by_next(desk: Desk, ticket: Ticket, now: datetime) -> bool:
    """Whether the customer at the desk's tablet is someone else now: the desk started serving another ticket after
    finishing `ticket`, or called one more than CLOSING_GRACE ago. A call leaves its event even when the ticket
    was then transferred, let go or cancelled."""
    since = dict(db.session.execute(_NEXT_SINCE, {"desk": desk.id, "since": ticket.finished_at,
                                                  "ticket": ticket.id}).all())
    called = since.get("call")
    return "start" in since or (called is not None and clock.as_utc(called) <= now - CLOSING_GRACE)


def open_question(desk: Desk, now: datetime) -> Ticket | None:
    """The one ticket the desk's tablet may rate: the desk's last finished, within SURVEY_WINDOW, until the next
    customer is at the desk (`closed_by_next`; the tablet drops it then: `survey_closed`,
    core/realtime/broadcast.py)."""
    ticket = just_finished(desk, now)
    return None if ticket is None or closed_by_next(desk, ticket, now) else ticket


def _tablet_desk(desk: str | None, actor: Actor | None) -> Desk:
    """A tablet rates for its own desk, whatever desk its request names (desk_for); otherwise the named desk."""
    if actor is not None and actor.is_device("survey"):
        return desk_for(actor, desk)
    if not desk:
        raise Invalid("Indique el mesón de la tableta.", code="missing_desk")
    return lookups.desk(desk)


def _check_tablet(ticket: Ticket, desk: Desk, now: datetime) -> None:
    if ticket.desk_id != desk.id:
        raise Forbidden(f"La ficha {ticket.label} no fue atendida en este mesón.", code="wrong_desk")
    last = just_finished(desk, now)
    if last is None or last.id != ticket.id:
        raise IllegalTransition(f"La encuesta de la ficha {ticket.label} ya se cerró: la tableta solo evalúa la "
                                "última atención del mesón, durante unos minutos.", code="survey_closed")
    if closed_by_next(desk, ticket, now):
        raise IllegalTransition(f"La encuesta de la ficha {ticket.label} ya se cerró: el mesón ya atiende a otro "
                                "cliente. No se guardó la respuesta.", code="survey_closed")


def _not_attended(ticket: Ticket) -> str:
    """Why a ticket that is not done has no service to rate, in words true to its status: «todavía» only while
    it may still be served, the status itself when it never will be (no-show, cancelled)."""
    if ticket.status in ("no_show", "cancelled"):
        return (f"La ficha {ticket.label} no fue atendida ({states.status_label(ticket.status).lower()}): no hay "
                "atención que evaluar.")
    if ticket.status == "serving":
        return f"La ficha {ticket.label} todavía está en atención: se evalúa al finalizar."
    transferred = db.session.scalar(select(TicketEvent.id).where(TicketEvent.ticket_id == ticket.id,
                                                                 TicketEvent.action == "transfer").limit(1))
    if transferred is not None and ticket.status == "waiting":
        return (f"La ficha {ticket.label} se transfirió a «{ticket.queue.name}» y espera allí: se evalúa cuando "
                "termine su atención.")
    return f"La ficha {ticket.label} todavía no fue atendida: no se puede evaluar."


def record_answer(ticket_id: int, *, satisfied: object, score: object = None,
                  source: Literal["tablet", "status_page"], now: datetime | None = None,
                  desk: str | None = None, actor: Actor | None = None) -> SurveyAnswer:
    """Record the customer's answer for an attended ticket; a second answer raises `AlreadyAnswered`.
    `satisfied` (a bool) and `score` (1–5 or None) are checked here, as they arrive from a form or a JSON body.

    A tablet (`source="tablet"`) answers only for the ticket its own desk just finished, within SURVEY_WINDOW
    and until the next customer is at the desk (`open_question`): its desk is the device's (`actor`), or `desk`
    when a supervisor answers. Otherwise anyone holding a tablet token could rate any service and forge the
    indicator, or the next customer would rate the previous one's service.
    """
    now = now or clock.now()
    _check(satisfied, score, source)
    try:
        with unit_of_work():
            tablet_desk = _tablet_desk(desk, actor) if source == "tablet" else None
            ticket = lookups.ticket(ticket_id, lock=True)
            if ticket.status != "done":
                raise IllegalTransition(_not_attended(ticket), code="not_attended")
            if tablet_desk is not None:
                _check_tablet(ticket, tablet_desk, now)
            if db.session.scalar(select(SurveyAnswer.id).where(SurveyAnswer.ticket_id == ticket.id)) is not None:
                raise AlreadyAnswered()
            answer = SurveyAnswer(ticket_id=ticket.id, desk_id=ticket.desk_id, satisfied=satisfied, score=score,
                                  source=source, at=now)
            db.session.add(answer)
            db.session.flush()
            if ticket.desk is not None:
                # The desk's tablet returns to idle even when the customer answered on the status page.
                outbox.queue("survey_done", f"survey:{ticket.desk.code}", {"ticket": ticket.id}, sequenced=False)
            # The customer's phone, left open on the status page, thanks them instead of asking again.
            outbox.queue("survey_answered", rooms.ticket(ticket.token), {}, sequenced=False)
    except IntegrityError as error:  # the other channel answered a moment earlier
        raise AlreadyAnswered() from error
    logger.info("survey answer for ticket %s: satisfied=%s score=%s via %s (%s)", ticket_id, satisfied, score,
                source, actor.name if actor else "cliente")
    return answer


_ANSWER = select(SurveyAnswer).where(SurveyAnswer.ticket_id == bindparam("ticket"))  # every status refresh asks


def answer_for(ticket_id: int) -> SurveyAnswer | None:
    return db.session.scalar(_ANSWER, {"ticket": ticket_id})


def customer_status(ticket: Ticket, base_url: str = "") -> dict[str, object]:
    """The status page's copy of a ticket (on connect and on a refresh): the public ticket and, once it is done,
    whether its desk question was answered (on the phone or the desk's tablet)."""
    data: dict[str, object] = serialize.public_ticket(ticket, base_url)
    data["survey_answered"] = ticket.status == "done" and answer_for(ticket.id) is not None
    return data

