"""The admin home's figures say what the live monitor says."""

from __future__ import annotations

import re

from core.tickets import desk_shifts, desks
from tests.helpers import FrozenClock, actor_for


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
    yesterday's 2 apart with the command that closes them."""
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
            "las llamaría antes que a las de hoy. Se anulan con el cierre del día")
    assert note in html and "flask --app wsgi close-past-days" in html
    live = supervisor.get("/admin/monitor/snapshot").get_json()
    assert [len(q["waiting"]) for q in live["queues"] if q["code"] == counter.queue.code] == [1]
    assert live["left_waiting"]["count"] == 2
    monitor_page = supervisor.get("/admin/monitor").get_data(as_text=True)
    assert 'id="left-waiting" role="status">2 fichas de días anteriores' in monitor_page


def test_no_past_day_left_waiting_says_nothing(supervisor, counter) -> None:
    counter.issue()
    assert 'id="left-waiting"' not in supervisor.get("/admin/").get_data(as_text=True)
