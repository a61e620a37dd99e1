"""Real Chromium (Debian's package) through Playwright, against the live server, with axe-core checks."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, WebSocket, expect, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "static" / "vendor" / "axe.min.js"
# Waits are bounds on failure, never expectations of speed: a busy shared machine must not fail a test.
expect.set_options(timeout=20_000)
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic", "--autoplay-policy=no-user-gesture-required",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(executable).exists():
        pytest.fail("Chromium is not installed: run `make test` (it installs Debian's chromium).")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@contextmanager
def page_factory(browser: Browser, default_size: tuple[int, int] = (1280, 900)) -> Iterator:
    """`make(width, height, **context_options)`: a page in a fresh context (own cookies), in La Paz and es-BO;
    every context is closed afterwards."""
    contexts = []

    def make(width: int = default_size[0], height: int = default_size[1], **kwargs: object) -> Page:
        context = browser.new_context(viewport={"width": width, "height": height}, locale="es-BO",
                                      timezone_id="America/La_Paz", **kwargs)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(30_000)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def new_page(browser: Browser) -> Iterator:
    """Factory: `new_page(width=1080, height=1920)` gives a page in a fresh context (own cookies)."""
    with page_factory(browser) as make:
        yield make


def axe_violations(page: Page, impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict]:
    """Run axe-core (from npm, served from disk, never a CDN) and return serious/critical violations."""
    if not AXE.exists():
        pytest.fail("static/vendor/axe.min.js is missing: run `make vendor`.")
    page.add_script_tag(url="/static/vendor/axe.min.js")  # same origin: the pages' CSP refuses inline scripts
    # Only violations are read: axe then records one node per rule for the other result types, which
    # makes a run several times cheaper on long pages.
    result = page.evaluate(
        "async () => JSON.stringify(await axe.run(document, {resultTypes: ['violations']}))")
    violations = json.loads(result)["violations"]
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in violations if v["impact"] in impacts
    ]


@pytest.fixture
def axe() -> object:
    return axe_violations


class SocketWatch:
    """Watches a page's Socket.IO WebSocket, from before it opens, for the server's CONNECT answer ("40…").
    The server joins the page's rooms in its connect handler, before it answers: once the answer is in, an
    event sent to the room reaches the page. For pages that expose no `data-connected` of their own."""

    def __init__(self, page: Page) -> None:
        self.sockets: list[WebSocket] = []
        self.connected = False
        page.on("websocket", self._opened)

    def _opened(self, ws: WebSocket) -> None:
        self.sockets.append(ws)
        ws.on("framereceived", self._frame)

    def _frame(self, payload: str | bytes) -> None:
        if isinstance(payload, str) and payload.startswith("40"):
            self.connected = True

    def wait_connected(self, timeout: float = 15_000) -> None:
        if self.connected:
            return
        assert self.sockets, "the page opened no WebSocket"
        self.sockets[-1].wait_for_event("framereceived", predicate=lambda p: isinstance(p, str) and p.startswith("40"),
                                        timeout=timeout)
