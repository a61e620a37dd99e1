"""The satisfaction survey (P01): one answer per attended ticket, and the indicator computed from answers."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from core.actors import SYSTEM
from core.errors import Forbidden, IllegalTransition, Invalid
from core.models import SurveyAnswer
from core.tickets import desks, engine, survey
from tests.builders import Counter


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


def test_p01_ratio_over_attended_and_over_answered(frozen, agent, counter) -> None:
    """10 attended, 8 answered, 7 satisfied: 70 % of attended (Bajo), 87.5 % of answered."""
    ids = [attended(agent, counter) for _ in range(10)]
    for n, ticket_id in enumerate(ids[:8]):
        survey.record_answer(ticket_id, satisfied=n != 0, score=4, source="status_page")
    result = survey.p01_indicator(*survey.semester(2026, 2))
    assert (result["attended"], result["answered"], result["satisfied"]) == (10, 8, 7)
    assert (result["ratio_attended"], result["ratio_answered"]) == (70.0, 87.5)
    assert result["verdict"] == "Bajo" and result["mean_score"] == 4.0


def test_p01_above_ninety_percent_is_good(frozen, agent, counter) -> None:
    """Every attended customer satisfied: 100 %, Bueno."""
    for _ in range(3):
        survey.record_answer(attended(agent, counter), satisfied=True, source="status_page")
    result = survey.p01_indicator(*survey.semester(2026, 2))
    assert result["ratio_attended"] == 100.0 and result["verdict"] == "Bueno"


def test_p01_counts_only_the_period(frozen, agent, counter) -> None:
    """Tickets attended in the first semester do not count in the second."""
    frozen.value = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
    survey.record_answer(attended(agent, counter), satisfied=False, source="status_page")
    frozen.value = datetime(2026, 8, 3, 14, 0, tzinfo=UTC)
    survey.record_answer(attended(agent, counter), satisfied=True, source="status_page")
    first, second = survey.p01_indicator(*survey.semester(2026, 1)), survey.p01_indicator(*survey.semester(2026, 2))
    assert (first["attended"], first["satisfied"], second["attended"], second["satisfied"]) == (1, 0, 1, 1)


def test_p01_without_attended_customers_has_no_verdict(frozen) -> None:
    """An empty period reports no ratio rather than 0 %."""
    result = survey.p01_indicator(*survey.semester(2026, 1))
    assert result["ratio_attended"] is None and result["verdict"] == "Sin datos"


def test_ninety_percent_exactly_is_not_above(frozen) -> None:
    """The procedure's threshold: above 90 % is good, so 90 % itself is low."""
    assert (survey.verdict(90.0), survey.verdict(90.1), survey.verdict(89.9)) == ("Bajo", "Bueno", "Bajo")
