"""The satisfaction survey (P01): one answer per attended ticket, and the indicator computed from answers."""

from __future__ import annotations

import pytest

from core.actors import SYSTEM
from core.errors import Forbidden, IllegalTransition, Invalid
from core.models import SurveyAnswer
from core.tickets import desks, engine, survey
from tests.builders import Counter, make_queue


def attended(agent, counter: Counter) -> int:
    """Issue, call and finish one ticket at the counter's first desk; return its id."""
    engine.issue_ticket(counter.tx, actor=SYSTEM)
    desks.call_next(counter.desk, actor=agent)
    return desks.finish(counter.desk, actor=agent).id


def test_answer_is_recorded_for_an_attended_ticket(frozen, agent, counter) -> None:
    """An answer for a done ticket is stored with its desk, score and source."""
    ticket_id = attended(agent, counter)
    answer = survey.record_answer(ticket_id, satisfied=True, score=5, source="tablet", desk=counter.desk)
    stored = survey.answer_for(ticket_id)
    assert stored is not None and stored.id == answer.id
    assert (stored.satisfied, stored.score, stored.source, stored.desk_id is not None) == (True, 5, "tablet", True)


def test_second_answer_for_the_same_ticket_is_refused(frozen, agent, counter) -> None:
    """A ticket is rated once: the status page cannot answer after the tablet did."""
    ticket_id = attended(agent, counter)
    survey.record_answer(ticket_id, satisfied=True, score=None, source="tablet", desk=counter.desk)
    with pytest.raises(survey.AlreadyAnswered, match="ya fue evaluada"):
        survey.record_answer(ticket_id, satisfied=False, score=1, source="status_page")
    assert SurveyAnswer.query.filter_by(ticket_id=ticket_id).count() == 1


def test_ticket_not_yet_attended_cannot_be_rated(frozen, agent, counter) -> None:
    """A waiting or called ticket has no service to rate."""
    ticket = engine.issue_ticket(counter.tx, actor=SYSTEM)
    with pytest.raises(IllegalTransition, match="todavía no fue atendida"):
        survey.record_answer(ticket.id, satisfied=True, source="status_page")
    desks.call_next(counter.desk, actor=agent)
    with pytest.raises(IllegalTransition):
        survey.record_answer(ticket.id, satisfied=True, source="status_page")


def test_refusal_says_why_a_ticket_was_not_attended(frozen, agent, counter) -> None:
    """A no-show or cancelled ticket will never be served: the refusal says so instead of «todavía»; one moved
    to another queue waits there."""
    engine.issue_ticket(counter.tx, actor=SYSTEM)
    missed = desks.call_next(counter.desk, actor=agent)
    frozen.advance(minutes=10)  # past the wait before a no-show may be marked
    desks.no_show(counter.desk, actor=agent)
    with pytest.raises(IllegalTransition) as refused:
        survey.record_answer(missed.id, satisfied=True, source="status_page")
    assert str(refused.value) == (f"La ficha {missed.label} no fue atendida (no se presentó): no hay atención "
                                  "que evaluar.")
    cancelled = engine.cancel(engine.issue_ticket(counter.tx, actor=SYSTEM).id, actor=SYSTEM)
    with pytest.raises(IllegalTransition, match=r"no fue atendida \(anulada\): no hay atención que evaluar"):
        survey.record_answer(cancelled.id, satisfied=True, source="status_page")
    other = make_queue(name="Reclamos técnicos")
    moved = engine.transfer(engine.issue_ticket(counter.tx, actor=SYSTEM).id, actor=SYSTEM, queue=other.code)
    with pytest.raises(IllegalTransition, match="se transfirió a «Reclamos técnicos» y espera allí"):
        survey.record_answer(moved.id, satisfied=True, source="status_page")


def test_tablet_of_another_desk_cannot_rate_the_ticket(frozen, agent, counter) -> None:
    """A tablet rates only the tickets served at its own desk."""
    ticket_id = attended(agent, counter)
    with pytest.raises(Forbidden, match="no fue atendida en este mesón"):
        survey.record_answer(ticket_id, satisfied=True, source="tablet", desk=counter.desks[1])


@pytest.mark.parametrize("satisfied,score", [("si", None), (True, 0), (True, 6), (True, True)])
def test_invalid_answers_are_refused(frozen, agent, counter, satisfied, score) -> None:
    """Only yes/no and an optional 1–5 face are accepted."""
    ticket_id = attended(agent, counter)
    with pytest.raises(Invalid):
        survey.record_answer(ticket_id, satisfied=satisfied, score=score, source="tablet")
