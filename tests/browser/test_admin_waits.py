"""Waits as the supervisor reads them at 1366×768: Inicio's longest wait going on beside the mean of those called,
and the statistics chart naming the queues none of whose customers was called instead of drawing no bar."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from core.tickets import desks
from tests.browser.test_admin_pages import sign_in
from tests.builders import make_counter
from tests.helpers import FrozenClock, actor_for, make_user

pytestmark = pytest.mark.browser


def test_home_and_chart_show_waits_nobody_measured_yet(live_server, new_page, counter) -> None:
    """09:00 two customers in the counter's queue and one in another queue nobody calls; 09:14 the first is called:
    «Espera media» is that call's 14 min, «Espera más larga ahora» the other queue's 14 min; the chart labels the
    uncalled queue «(sin llamadas)»."""
    clock = FrozenClock()
    idle = make_counter(label="Trámite sin mesón")
    counter.issue()
    idle.issue()
    clock.advance(minutes=2)
    counter.issue()
    clock.advance(minutes=12)
    desks.call_next(counter.desk, actor=actor_for("asesor1", "agent"))
    make_user("supervisora", "supervisor")

    page = sign_in(new_page, live_server, "supervisora", 1366, 768)
    expect(page.locator("#kpi-longest-wait")).to_have_text("14,0")
    longest = page.locator("li", has=page.locator("#kpi-longest-wait"))
    expect(longest).to_contain_text(f"Espera más larga ahora (min), en {idle.queue.prefix} · {idle.queue.name}")
    expect(page.locator("#kpi-waiting")).to_have_text("2")

    page.goto(f"{live_server.url}/admin/estadisticas")
    note = page.locator("#chart-queues-uncalled")
    expect(note).to_contain_text(f"Sin barra por no tener llamadas (ninguna espera medida todavía): "
                                 f"{idle.queue.prefix} · {idle.queue.name}.")
    page.wait_for_function("() => window.Chart && Chart.getChart('chart-queues')")
    labels = page.evaluate("() => Chart.getChart('chart-queues').data.labels")
    assert [f"{idle.queue.prefix} · {idle.queue.name}", "(sin llamadas)"] in labels
    note.scroll_into_view_if_needed()
