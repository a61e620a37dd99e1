"""Administración → Estadísticas' charts at 1366×768 on a realistic day: long desk and queue names read whole, and
the hours run without gaps so a quiet hour shows as one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page

from core.tickets import day_close, desk_shifts, desks
from tests.browser.test_admin_pages import sign_in
from tests.builders import make_area, make_desk, make_queue, make_ticket, make_transaction
from tests.helpers import FrozenClock, actor_for, make_user

pytestmark = pytest.mark.browser

# Queues and desks as the office names them (core/org/seed_data.py): several names longer than a bar is wide.
OFFICE = [
    # prefix (not the seeded catalogue's), queue, desks
    ("AC", "Asesores Comerciales de Plataforma", ["Mesón 1", "Mesón 2", "Mesón 3"]),
    ("CS", "Crédito al Socio", ["Mesón 19"]),
    ("TC", "Coordinador Técnico Comercial", ["Coordinador Técnico Comercial"]),
    ("DL", "Dealer: equipos y accesorios", ["Dealer"]),
    ("BI", "Back Office Incidencias", ["Back Office Incidencias"]),
]
DESK_NAMES = [name for _prefix, _queue, names in OFFICE for name in names]
QUEUE_NAMES = [f"{prefix} · {queue}" for prefix, queue, _names in OFFICE]
# Monday 23 November 2026 in La Paz (UTC-4): customers from 08:00 to 11:59 but none issued between 10:00 and 11:00.
DAY_HOURS = (8, 9, 11)


def _at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, 23, 4, minute, tzinfo=UTC) + timedelta(hours=hour)


@pytest.fixture
def busy_day(app) -> FrozenClock:
    """Sunday's last customer, never called, is closed by the night's job at 00:15; then every desk serves one
    customer at 08:xx, 09:xx and 11:xx."""
    clock = FrozenClock(_at(-8))  # Sunday 16:00
    room = make_area()
    counters = []
    for prefix, name, desk_names in OFFICE:
        queue = make_queue(prefix=prefix, name=name, area=room)
        made = [make_desk(queues=[queue], name=desk_name).code for desk_name in desk_names]
        counters.append((make_transaction(queue).code, made))
    make_ticket(counters[0][0])
    clock.value = _at(0, 15)
    assert len(day_close.close_past_days()) == 1
    agents = {}
    for number, (_tx, made) in enumerate(counters):
        for index, desk in enumerate(made):
            agents[desk] = actor_for(f"asesor{number}{index}", "agent")
            desk_shifts.sign_in(desk, actor=agents[desk])
    for hour in DAY_HOURS:
        clock.value = _at(hour, 5)
        for tx, made in counters:
            for desk in made:
                make_ticket(tx)
                clock.advance(minutes=1)
                desks.call_next(desk, actor=agents[desk])
                desks.start(desk, actor=agents[desk])
                clock.advance(minutes=2 + len(desk) % 5)
                desks.finish(desk, actor=agents[desk])
    clock.value = _at(12, 30)
    make_user("supervisora", "supervisor")
    return clock


def _stats(new_page, live_server) -> Page:
    page = sign_in(new_page, live_server, "supervisora", 1366, 768, path="/admin/estadisticas")
    page.wait_for_function("() => window.Chart && ['chart-hours', 'chart-queues', 'chart-desks']"
                           ".every((id) => Chart.getChart(id))")
    return page


# Where each category name of a chart is drawn: its text (wrapped lines joined), its rotation and its left and right
# edges in the canvas (from the tick's anchor, alignment and measured width).
_DRAWN = """(id) => {
  const chart = Chart.getChart(id);
  const axis = chart.options.indexAxis === "y" ? chart.scales.y : chart.scales.x;
  return axis.getLabelItems().map((item) => {
    const lines = [].concat(item.label);
    chart.ctx.save();
    chart.ctx.font = item.font.string;
    const width = Math.max(...lines.map((line) => chart.ctx.measureText(line).width));
    chart.ctx.restore();
    const anchor = item.options.translation[0];
    const align = item.options.textAlign;
    const left = align === "right" ? anchor - width : align === "center" ? anchor - width / 2 : anchor;
    return { text: lines.join(" "), rotation: item.options.rotation, left, right: left + width,
             canvas: chart.width };
  });
}"""


@pytest.mark.parametrize(("chart", "names"), [("chart-desks", DESK_NAMES), ("chart-queues", QUEUE_NAMES)])
def test_long_names_read_whole(live_server, new_page, busy_day, chart, names) -> None:
    """«Coordinador Técnico Comercial» showed as «dinador Técnico Comercial»: rotated under its bar, the name ran
    past the canvas' left edge. Every desk's and queue's name is drawn level, whole and inside the chart."""
    page = _stats(new_page, live_server)
    drawn = page.evaluate(_DRAWN, chart)
    assert sorted(label["text"] for label in drawn) == sorted(names)
    for label in drawn:
        assert label["rotation"] == 0, label
        assert label["left"] >= 0 and label["right"] <= label["canvas"], label


def test_hours_run_without_gaps(live_server, new_page, busy_day) -> None:
    """Customers came from 08:00 to 11:59, none between 10:00 and 11:00, and the night's close cancelled one at
    00:15: the chart showed «00:00 08:00 09:00 11:00» side by side as if consecutive. It runs 08:00 to 11:00 with
    10:00 at zero."""
    page = _stats(new_page, live_server)
    hours = page.evaluate("() => { const c = Chart.getChart('chart-hours');"
                          " return { labels: c.data.labels, issued: c.data.datasets[0].data }; }")
    assert hours["labels"] == ["08:00", "09:00", "10:00", "11:00"]
    assert hours["issued"][2] == 0 and all(hours["issued"][i] == len(DESK_NAMES) for i in (0, 1, 3))
