"""The admin home's figures say what the live monitor says."""

from __future__ import annotations

import re

from sqlalchemy import select

from core.extensions import db
from core.models import Ticket, TicketEvent
from core.tickets import desk_shifts, desks
from tests.helpers import FrozenClock, actor_for
from tests.staff import signed_in


def _kpi(html: str, name: str) -> str:
    return re.sub(r"\s+", " ", html.split(f'id="kpi-{name}">', 1)[1].split("</li>", 1)[0])


def test_a_paused_desk_is_not_counted_open(supervisor, counter) -> None:
    """The monitor shows one desk «Abierto» and one «En pausa»: the home said «Mesones abiertos 2»."""
    first, second = actor_for("asesor-a", "agent"), actor_for("asesor-b", "agent")
    desk_shifts.sign_in(counter.desks[0], actor=first)
    desk_shifts.sign_in(counter.desks[1], actor=second)
    desk_shifts.pause(counter.desks[1], actor=second)
    kpi = _kpi(supervisor.get("/admin/").get_data(as_text=True), "open-desks")
    assert kpi.startswith("1</span>") and "Mesones abiertos (1 más en pausa)" in kpi


def test_the_longest_wait_going_on_shows_beside_the_mean(supervisor, counter) -> None:
    """09:00 and 09:05 two customers arrive; 09:17 the first is called: the mean wait is that one call's 17 min,
    the longest wait now is the second customer's 12 min; at 09:21 it is 16 min, past the queue's 15-minute goal."""
    clock = FrozenClock()
    counter.issue()
    clock.advance(minutes=5)
    counter.issue()
    clock.advance(minutes=12)
    desks.call_next(counter.desk, actor=actor_for("asesor1", "agent"))
    kpi = _kpi(supervisor.get("/admin/").get_data(as_text=True), "longest-wait")
    assert kpi.startswith("12,0</span>") and f"Espera más larga ahora (min), en {counter.queue.prefix} · " in kpi
    assert "(meta 15 min)" in kpi
    clock.advance(minutes=4)
    html = supervisor.get("/admin/").get_data(as_text=True)
    assert _kpi(html, "longest-wait").startswith("16,0</span>")
    assert '<li class="sla-bad"><span class="value" id="kpi-longest-wait">' in html


def test_nobody_waiting_has_no_longest_wait(supervisor, counter) -> None:
    kpi = _kpi(supervisor.get("/admin/").get_data(as_text=True), "longest-wait")
    assert kpi.startswith("—</span>") and "nadie espera" in kpi


def test_a_past_day_left_waiting_is_named_apart_not_counted_as_a_wait(supervisor, counter) -> None:
    """Yesterday two customers were never called and the nightly close has not run. This morning one customer has
    waited 5 min: Inicio and the monitor say 1 waiting and 5 min (not yesterday's 1 440 min), and name
    yesterday's 2 apart, with the button that closes them."""
    clock = FrozenClock()
    counter.issue()
    counter.issue()
    clock.advance(days=1)
    counter.issue()
    clock.advance(minutes=5)
    html = supervisor.get("/admin/").get_data(as_text=True)
    assert _kpi(html, "waiting").startswith("1</span>")
    assert _kpi(html, "longest-wait").startswith("5,0</span>")
    note = ("2 fichas de días anteriores siguen «En espera»: no se cuentan en las esperas de hoy, pero un mesón "
            "las llamaría antes que a las de hoy. El cierre nocturno del día no las anuló.")
    assert note in html and "Anular fichas de días anteriores</button>" in html
    live = supervisor.get("/admin/monitor/snapshot").get_json()
    assert [len(q["waiting"]) for q in live["queues"] if q["code"] == counter.queue.code] == [1]
    assert live["left_waiting"]["count"] == 2
    monitor_page = supervisor.get("/admin/monitor").get_data(as_text=True)
    assert 'id="left-waiting-note" role="status">2 fichas de días anteriores' in monitor_page


def test_no_past_day_left_waiting_says_nothing(supervisor, counter) -> None:
    counter.issue()
    assert 'id="left-waiting"' not in supervisor.get("/admin/").get_data(as_text=True)


def test_the_supervisor_closes_the_past_days_from_inicio(supervisor, counter) -> None:
    """The nightly close did not run: «Anular fichas de días anteriores» cancels yesterday's two in the supervisor's
    name, today's customer keeps waiting, and Inicio no longer names them."""
    clock = FrozenClock()
    yesterday = [counter.issue(), counter.issue()]
    clock.advance(days=1)
    today = counter.issue()
    response = supervisor.post("/admin/fichas-de-dias-anteriores/anular", data={"back": "index"},
                               follow_redirects=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Se anularon 2 fichas de días anteriores." in html
    assert 'id="left-waiting"' not in html
    assert [db.session.get(Ticket, t.id).status for t in yesterday] == ["cancelled", "cancelled"]
    assert db.session.get(Ticket, today.id).status == "waiting"
    events = db.session.scalars(select(TicketEvent).where(TicketEvent.ticket_id == yesterday[0].id,
                                                          TicketEvent.action == "cancel")).all()
    assert [event.actor_kind for event in events] == ["user"]


def test_an_agent_cannot_close_the_past_days(app, counter) -> None:
    clock = FrozenClock()
    old = counter.issue()
    clock.advance(days=1)
    assert signed_in(app, "asesor", "agent").post("/admin/fichas-de-dias-anteriores/anular").status_code == 403
    assert db.session.get(Ticket, old.id).status == "waiting"
