"""The survey tablet at the desk: asked after *Finalizar*, one answer per ticket, back to idle."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from core.extensions import db
from core.tickets import desks, survey
from tests.browser.test_panel_desk import open_desk
from tests.helpers import actor_for, device_token, make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def tablet(live_server, new_page, counter) -> Page:
    """The survey tablet of the counter's first desk, idle."""
    page = new_page(1280, 800, has_touch=True)
    token = device_token("survey", "encuesta-meson-1", desk=counter.desk)
    page.goto(f"{live_server.url}/encuesta/{counter.desk}?token={token}")
    expect(page.locator("#main")).to_have_attribute("data-connected", "1")
    expect(page.locator("#step-idle")).to_be_visible()
    return page


def test_finish_at_the_desk_asks_and_records_one_answer(live_server, new_page, tablet, axe, counter) -> None:
    """*Finalizar* on the console puts the question on the tablet; Sí + 4 is stored and the tablet idles."""
    ticket = counter.issue()
    number = ticket.label
    make_user("asesor1", "agent")
    db.session.commit()  # end the test's read transaction, or the answer the server stores below is not seen
    assert axe(tablet) == []  # idle screen
    desk = open_desk(new_page, live_server, desk=counter.desk)
    desk.click("[data-action=call-next]")
    expect(desk.locator("[data-action=finish]")).to_be_enabled()
    desk.click("[data-action=finish]")
    desk.fill("#finish-outcome", "Trámite concluido")
    desk.click("#dlg-finish button[type=submit]")
    expect(tablet.locator("#step-question")).to_be_visible()
    expect(tablet.locator("#survey-number")).to_have_text(number)
    assert axe(tablet) == []
    tablet.click("[data-satisfied=true]")
    expect(tablet.locator("#step-score")).to_be_visible()
    # The hint names the button the customer sees («Enviar sin calificar»), not a shorter «Enviar».
    button = tablet.locator("#send-no-score").inner_text()
    expect(tablet.locator("#step-score .optional")).to_have_text(f"Opcional: toque una carita, o «{button}».")
    assert axe(tablet) == []
    tablet.click("[data-score='4']")
    expect(tablet.locator("#step-thanks")).to_be_visible()
    expect(tablet.locator("#step-idle")).to_be_visible(timeout=30_000)  # a bound on failure only
    answer = survey.answer_for(ticket.id)
    assert answer is not None and (answer.satisfied, answer.score, answer.source) == (True, 4, "tablet")


def test_tablet_opened_after_finish_shows_the_welcome_screen(live_server, new_page, counter) -> None:
    """A tablet (re)loaded just after *Finalizar* opens on the welcome screen, never on that older question
    (the customer in front of it may be the next one). Reconnects: tests/browser/test_survey_fresh.py."""
    agent = actor_for("asesor1", "agent")
    counter.issue()
    desks.call_next(counter.desk, actor=agent)
    desks.finish(counter.desk, actor=agent)
    page = new_page(1280, 800)
    token = device_token("survey", "encuesta-meson-1", desk=counter.desk)
    page.goto(f"{live_server.url}/encuesta/{counter.desk}?token={token}")
    expect(page.locator("#main")).to_have_attribute("data-connected", "1")
    expect(page.locator("#step-idle")).to_be_visible()
    expect(page.locator("#main")).to_have_attribute("data-step", "idle")


def test_answer_on_the_status_page_returns_the_tablet_to_idle(live_server, tablet, counter) -> None:
    """When the customer answers by QR first, the tablet stops asking."""
    agent = actor_for("asesor1", "agent")
    counter.issue()
    desks.call_next(counter.desk, actor=agent)
    done = desks.finish(counter.desk, actor=agent)
    expect(tablet.locator("#step-question")).to_be_visible()
    survey.record_answer(done.id, satisfied=False, source="status_page")
    expect(tablet.locator("#step-idle")).to_be_visible()



def test_question_goes_away_when_the_next_customer_is_at_the_desk(live_server, new_page, tablet, counter) -> None:
    """A's question on the tablet; the agent calls B at once: A's customer, still at the desk, keeps the question
    while B walks over; «Iniciar atención» for B drops it at once, so B's customer is never asked about A's
    service."""
    first = counter.issue()
    counter.issue()
    make_user("asesor1", "agent")
    db.session.commit()
    desk = open_desk(new_page, live_server, desk=counter.desk)
    desk.click("[data-action=call-next]")
    expect(desk.locator("[data-action=finish]")).to_be_enabled()
    desk.click("[data-action=finish]")
    desk.click("#dlg-finish button[type=submit]")
    expect(tablet.locator("#step-question")).to_be_visible()
    expect(tablet.locator("#survey-number")).to_have_text(first.label)
    desk.click("[data-action=call-next]")
    expect(desk.locator("[data-action=start]")).to_be_enabled()
    expect(desk.locator("#message")).to_contain_text("Llamando a la ficha")
    expect(tablet.locator("#step-question")).to_be_visible()  # A's customer may still answer
    desk.click("[data-action=start]")
    expect(tablet.locator("#step-idle")).to_be_visible()
    expect(tablet.locator("#step-question")).to_be_hidden()


def test_question_goes_away_45_s_after_the_next_call(live_server, new_page, tablet, counter) -> None:
    """Without «Iniciar atención», the question goes 45 s after the desk called the next customer (the tablet's
    clock: the server refuses the answer from then on)."""
    counter.issue(), counter.issue()
    agent = actor_for("asesor1", "agent")
    tablet.clock.install()
    desks.call_next(counter.desk, actor=agent)
    desks.finish(counter.desk, actor=agent)
    expect(tablet.locator("#step-question")).to_be_visible()
    desks.call_next(counter.desk, actor=agent)
    expect(tablet.locator("#main")).to_have_attribute("data-closing", "1")
    tablet.clock.run_for(25_000)
    expect(tablet.locator("#step-question")).to_be_visible()
    tablet.clock.run_for(21_000)
    expect(tablet.locator("#step-idle")).to_be_visible()


@pytest.mark.parametrize("tapped", ["before_the_next_call", "after_the_next_call"])
def test_a_yes_or_no_given_as_the_next_customer_is_called_is_kept(live_server, tablet, counter, tapped) -> None:
    """The customer just served tapped «Sí» and is choosing a face (or taps «Sí» while the next one walks over)
    when the desk calls the next customer: the yes is saved at once, without the optional face, rather than lost
    when the question closes."""
    first, _second = counter.issue(), counter.issue()
    agent = actor_for("asesor1", "agent")
    desks.call_next(counter.desk, actor=agent)
    desks.finish(counter.desk, actor=agent)
    expect(tablet.locator("#step-question")).to_be_visible()
    if tapped == "before_the_next_call":
        tablet.tap("[data-satisfied=true]")
        expect(tablet.locator("#step-score")).to_be_visible()
        desks.call_next(counter.desk, actor=agent)
    else:
        desks.call_next(counter.desk, actor=agent)
        expect(tablet.locator("#main")).to_have_attribute("data-closing", "1")
        tablet.tap("[data-satisfied=true]")
    expect(tablet.locator("#step-thanks")).to_be_visible()
    expect(tablet.locator("#thanks-note")).to_have_text("Su opinión nos ayuda a mejorar.")
    db.session.expire_all()
    stored = survey.answer_for(first.id)
    assert stored is not None and (stored.satisfied, stored.score, stored.source) == (True, None, "tablet")
