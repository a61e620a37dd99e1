"""A live page's resync snapshot held back and delivered late, older than what happened meanwhile: how the
tests make the race between a snapshot and the live events happen every time (the admin monitor's)."""

from __future__ import annotations

from playwright.sync_api import APIResponse, Page, Route, expect

from tests.builders import Counter
from tests.services import wait_until


def held_snapshot(monitor: Page) -> tuple[Route, APIResponse]:
    """Cut the monitor's connection and let it reconnect. The snapshot it then asks for is answered by the
    server now and held back: the test delivers it later, older than what happened meanwhile."""
    held: list[tuple[Route, APIResponse]] = []
    monitor.route("**/admin/monitor/snapshot", lambda route: held.append((route, route.fetch())))
    monitor.context.set_offline(True)
    expect(monitor.locator("#live-status")).to_have_text("Sin conexión: reconectando…")
    monitor.context.set_offline(False)
    # Each evaluate lets Playwright run the route handler; the server has answered once `held` has it.
    [answered] = wait_until(lambda: monitor.evaluate("1") and held, 30, "the reconnect's snapshot")
    return answered


def deliver(monitor: Page, route: Route, stale: APIResponse, counter: Counter) -> None:
    """Deliver the held snapshot with a mark that shows it applied: a ticket waiting in the counter's queue,
    which the monitor then counts."""
    snapshot = stale.json()
    [queue] = [q for q in snapshot["queues"] if q["code"] == counter.queue.code]
    queue["waiting"].append({"id": 0, "number": "X-1", "arrival_at": snapshot["server_time"]})
    route.fulfill(response=stale, json=snapshot)
    expect(monitor.locator(f'tr[data-queue="{counter.queue.code}"] .waiting')).to_have_text("1")
