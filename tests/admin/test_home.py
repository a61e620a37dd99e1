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
