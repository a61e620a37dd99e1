"""The ticket's live status page in real Chromium: kept live over Socket.IO, loud when called."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from core.models import Ticket
from core.tickets import desks, engine, intake, survey
from tests.builders import Counter, make_counter, make_desk, make_queue, make_transaction
from tests.helpers import FrozenClock, actor_for

pytestmark = pytest.mark.browser


@pytest.fixture
def people(app):
    return actor_for("recepcion1", "reception"), actor_for("asesor9", "agent")


@pytest.fixture
def ctc(app) -> Counter:
    """A queue served by the desk «Coordinador Técnico Comercial»."""
    return make_counter(desk_name="Coordinador Técnico Comercial")


def issue(reception, counter: Counter) -> Ticket:
    return intake.request_ticket(counter.tx, actor=reception, channel="reception")


def open_status(new_page, live_server, ticket: Ticket) -> Page:
    page = new_page(390, 844, has_touch=True, is_mobile=True)
    page.goto(f"{live_server.url}/t/{ticket.token}")
    expect(page.locator("main")).to_have_attribute("data-connected", "1")
    return page


def test_call_shows_without_reload(people, ctc, live_server, new_page) -> None:
    """When the desk calls, the open page turns into «¡Es su turno!» with the desk, and alerts; the call is
    pushed, not fetched by a reload (how fast is measured by `python -m bench.socket_fanout`)."""
    reception, agent = people
    ticket = issue(reception, ctc)
    page = open_status(new_page, live_server, ticket)
    page.evaluate("window.__loads = performance.getEntriesByType('navigation').length")
    desks.call_next(ctc.desk, actor=agent)
    called = page.locator('[data-part="called"]')
    expect(called).to_be_visible()
    expect(called).to_contain_text("Coordinador Técnico Comercial")
    expect(page.locator("main")).to_have_attribute("data-alerts", "1")
    assert page.evaluate("window.__loads") == 1  # the same document: no reload


def test_recall_alerts_again(people, ctc, live_server, new_page) -> None:
    """A recall (a new call time) alerts the phone a second time."""
    reception, agent = people
    frozen = FrozenClock()
    ticket = issue(reception, ctc)
    page = open_status(new_page, live_server, ticket)
    desks.call_next(ctc.desk, actor=agent)
    expect(page.locator("main")).to_have_attribute("data-alerts", "1")
    frozen.advance(seconds=30)
    desks.recall(ctc.desk, actor=agent)
    expect(page.locator("main")).to_have_attribute("data-alerts", "2")


def test_people_ahead_update_live(people, ctc, live_server, new_page) -> None:
    """When the ticket ahead is called, «Personas delante» drops from 1 to 0 without a reload."""
    reception, agent = people
    issue(reception, ctc)
    second = issue(reception, ctc)
    page = open_status(new_page, live_server, second)
    ahead = page.locator('dd[data-field="people_ahead"]')
    expect(ahead).to_have_text("1")
    desks.call_next(ctc.desk, actor=agent)
    expect(ahead).to_have_text("0")


def test_people_ahead_update_when_a_desk_of_two_queues_calls_the_other_one(people, live_server, new_page) -> None:
    """A desk serving two queues calls in one order across both: when it calls the customer of the other queue who
    was ahead, this page's «Personas delante» drops too."""
    reception, agent = people
    first = make_queue()
    second = make_queue(area=first.area)  # a desk serves the queues of its own room
    desk = make_desk(queues=[first, second])
    intake.request_ticket(make_transaction(first).code, actor=reception, channel="reception")
    mine = intake.request_ticket(make_transaction(second).code, actor=reception, channel="reception")
    page = open_status(new_page, live_server, mine)
    ahead = page.locator('dd[data-field="people_ahead"]')
    expect(ahead).to_have_text("1")
    desks.call_next(desk.code, actor=agent)
    expect(ahead).to_have_text("0")


def test_people_ahead_follow_the_ticket_to_the_queue_it_was_transferred_to(people, ctc, live_server,
                                                                           new_page) -> None:
    """After a transfer the page counts the new queue's line, and keeps counting it as that queue moves."""
    reception, agent = people
    other = make_counter()
    issue(reception, other)  # already waiting in the queue the ticket is sent to
    mine = issue(reception, ctc)
    page = open_status(new_page, live_server, mine)
    ahead = page.locator('dd[data-field="people_ahead"]')
    expect(ahead).to_have_text("0")
    engine.transfer(mine.id, actor=actor_for("supervisora", "supervisor"), queue=other.queue.code)
    expect(page.locator("[data-messages]")).to_have_attribute("data-message", "transferred")
    expect(ahead).to_have_text("1")
    desks.call_next(other.desk, actor=agent)
    expect(ahead).to_have_text("0")


def served_with_the_page_open(people, ctc: Counter, live_server, new_page) -> tuple[Ticket, Page]:
    """A ticket called and finished at the desk while its status page is open on the phone."""
    reception, agent = people
    ticket = issue(reception, ctc)
    page = open_status(new_page, live_server, ticket)
    desks.call_next(ctc.desk, actor=agent)
    desks.finish(ctc.desk, actor=agent)
    return ticket, page


def test_survey_appears_when_the_service_ends(people, ctc, live_server, new_page) -> None:
    """After the desk finishes, the P01 question appears and a «Sí» is recorded."""
    ticket, page = served_with_the_page_open(people, ctc, live_server, new_page)
    survey = page.locator('[data-part="survey"]')
    expect(survey).to_be_visible()
    survey.get_by_label("4").check()
    survey.get_by_role("button", name="Sí").click()
    expect(page.locator(".flash")).to_have_text("¡Gracias por su respuesta!")


def test_an_answer_on_the_desk_s_tablet_thanks_the_phone_left_open(people, ctc, live_server, new_page) -> None:
    """The customer answered the desk question on the desk's tablet while their phone still showed it: the phone
    thanks them at once instead of asking a question the server would now refuse."""
    ticket, page = served_with_the_page_open(people, ctc, live_server, new_page)
    section = page.locator('[data-part="survey"]')
    expect(section.get_by_role("button", name="Sí")).to_be_visible()
    survey.record_answer(ticket.id, satisfied=True, score=4, source="tablet", desk=ctc.desk)
    expect(section.get_by_role("heading")).to_have_text("¡Gracias por su respuesta!")
    expect(section.get_by_role("button")).to_have_count(0)


def test_status_page_is_accessible_waiting_and_called(people, ctc, live_server, new_page, axe) -> None:
    """axe-core finds no serious or critical violation while waiting and once called."""
    reception, agent = people
    ticket = issue(reception, ctc)
    page = open_status(new_page, live_server, ticket)
    waiting = axe(page)
    desks.call_next(ctc.desk, actor=agent)
    expect(page.locator('[data-part="called"]')).to_be_visible()
    assert (waiting, axe(page)) == ([], [])


def test_on_a_phone_each_fact_reads_across_the_card(people, ctc, live_server, new_page) -> None:
    """At 390 px a fact's value sits under its label, across the card: beside «Personas delante» the room's
    directions took six lines of two words each."""
    from core.extensions import db
    from core.tx import unit_of_work

    with unit_of_work():
        ctc.area.directions = "Suba por la escalera central al Mezanine (primer piso); la sala está a la derecha."
        db.session.add(ctc.area)
    reception, _agent = people
    page = open_status(new_page, live_server, issue(reception, ctc))
    facts = page.locator(".s-facts")
    expect(facts).to_contain_text("escalera central")
    directions = facts.locator("dd", has_text="escalera central")
    label = facts.locator("dt", has_text="Espere en")
    assert directions.bounding_box()["x"] == pytest.approx(label.bounding_box()["x"], abs=1)
    assert directions.bounding_box()["width"] >= 0.9 * facts.bounding_box()["width"]


def test_a_place_that_moves_with_the_clock_alone_is_read_again(people, ctc, live_server, new_page,
                                                              monkeypatch) -> None:
    """A preferential customer 0 ahead; no one acts, but a normal ticket passes the max wait and now goes first
    (core/tickets/policy.py): within the catch-up interval the phone says 1 ahead. No event announces a change of
    the clock, so the page reads its place again at that interval while it waits."""
    from core.realtime import catch_up
    from tests.tickets.test_policy import store_settings

    monkeypatch.setattr(catch_up, "CHECK_EVERY_S", 10)  # within the socket's ping timeout (30 s) of fake time
    reception, agent = people
    frozen = FrozenClock()
    store_settings(preferential_ratio=2, normal_max_wait_min=1)
    intake.request_ticket(ctc.tx, actor=reception, channel="reception", preferential="adulto_mayor")
    desks.call_next(ctc.desk, actor=agent)  # the desk's streak: one preferential call
    desks.finish(ctc.desk, actor=agent)
    issue(reception, ctc)  # the normal ticket
    frozen.advance(seconds=50)
    elder = intake.request_ticket(ctc.tx, actor=reception, channel="reception", preferential="adulto_mayor")
    page = new_page(390, 844, has_touch=True, is_mobile=True)
    page.clock.install()
    page.goto(f"{live_server.url}/t/{elder.token}")
    expect(page.locator("main")).to_have_attribute("data-connected", "1")
    ahead = page.locator('[data-field="people_ahead"]')
    expect(ahead).to_have_text("0")
    reconnects: list[int] = []
    frozen.advance(seconds=11)
    page.on("websocket", lambda _socket: reconnects.append(1))
    page.clock.run_for(11_000)
    expect(ahead).to_have_text("1")
    assert reconnects == []  # read again by the page, not brought by a reconnect


def test_the_wait_drops_when_the_desk_finishes(people, live_server, new_page) -> None:
    """The only desk attends the first customer (services of 10 min); with one ahead, the page says «20 min aprox.»
    (10 for the desk to free up, 10 for the one ahead). The desk finishes: «10 min aprox.» at once, not at the
    page's 30 s catch-up (an audit saw the old estimate stay while the server said 10)."""
    reception, agent = people
    counter = make_counter(service_minutes=10)
    issue(reception, counter)
    issue(reception, counter)
    third = issue(reception, counter)
    desks.call_next(counter.desk, actor=agent)
    page = open_status(new_page, live_server, third)
    expect(page.locator('dd[data-field="people_ahead"]')).to_have_text("1")
    wait = page.locator('[data-field="wait_text"]').first
    expect(wait).to_have_text("20 min aprox.")
    desks.finish(counter.desk, actor=agent)
    expect(wait).to_have_text("10 min aprox.")
    expect(page.locator('dd[data-field="people_ahead"]')).to_have_text("1")
