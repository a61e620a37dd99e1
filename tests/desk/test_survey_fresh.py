"""What a reconnecting survey tablet is offered (console.pending_survey): only the ticket its desk has just
finished, unrated, while the desk has called nobody since."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core.tickets import console, desks, survey

T0 = datetime(2026, 11, 27, 14, 0, tzinfo=UTC)


def served(counter, agent, at: datetime):
    counter.issue(now=at)
    desks.call_next(counter.desk, actor=agent, now=at)
    return desks.finish(counter.desk, actor=agent, now=at + timedelta(minutes=1))


def test_the_ticket_just_finished_is_offered(app, counter, agent) -> None:
    done = served(counter, agent, T0)
    assert console.pending_survey(counter.desk, now=T0 + timedelta(minutes=2)) == {
        "ticket": done.id, "number": done.label}


def test_not_once_the_next_customer_is_at_the_desk(app, counter, agent) -> None:
    """Finished, then the desk called someone else: the customer just served may still answer while the next one
    walks over; 45 s after the call, or once the desk starts serving the next one, the customer at the tablet is
    that one."""
    done = served(counter, agent, T0)
    counter.issue(now=T0)
    called = T0 + timedelta(minutes=2)
    desks.call_next(counter.desk, actor=agent, now=called)
    assert console.pending_survey(counter.desk, now=called + timedelta(seconds=5))["ticket"] == done.id
    assert console.pending_survey(counter.desk, now=called + timedelta(seconds=45)) is None
    desks.start(counter.desk, actor=agent, now=called + timedelta(seconds=10))
    assert console.pending_survey(counter.desk, now=called + timedelta(seconds=11)) is None


def test_not_after_a_later_call_that_ended_as_no_show(app, counter, agent) -> None:
    """The desk called (and let go of) someone after the finish: the older service is not offered again."""
    served(counter, agent, T0)
    counter.issue(now=T0)
    desks.call_next(counter.desk, actor=agent, now=T0 + timedelta(minutes=2))
    desks.no_show(counter.desk, actor=agent, now=T0 + timedelta(minutes=6))
    assert console.pending_survey(counter.desk, now=T0 + timedelta(minutes=6, seconds=1)) is None


def test_not_once_answered_nor_after_the_window(app, counter, agent) -> None:
    done = served(counter, agent, T0)
    assert console.pending_survey(counter.desk, now=T0 + timedelta(minutes=1) + survey.SURVEY_WINDOW
                                  + timedelta(seconds=1)) is None
    survey.record_answer(done.id, satisfied=True, source="status_page")
    assert console.pending_survey(counter.desk, now=T0 + timedelta(minutes=2)) is None
