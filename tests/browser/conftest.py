"""Real Chromium (Debian's package) through Playwright, against the live server, with axe-core checks."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, WebSocket, expect, sync_playwright
from playwright.sync_api import Error as PlaywrightError

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


class ContextPool:
    """Browser contexts kept for the worker's session and lent, one to each page a test opens.

    A fresh context costs Chromium about 1.3 s of CPU more than a new page in a kept one (measured here: 1.7 s
    against 0.44 s for a page that loads and idles a second), and browser tests opened some 200 of them a
    run. A context comes back clean, or is closed: its pages closed, cookies, permissions, routes and the
    pages' origins' storage cleared, the network back online. One that had Playwright's fake clock installed
    (an init script cannot be removed) is closed, never lent again. Every test still gets its own cookie jar
    per page, as with a fresh context."""

    def __init__(self, browser: Browser) -> None:
        self.browser = browser
        self._idle: dict[tuple, list[BrowserContext]] = {}
        self._lent: dict[BrowserContext, tuple] = {}

    def lend(self, width: int, height: int, **options: object) -> BrowserContext:
        key = (width, height, tuple(sorted((name, repr(value)) for name, value in options.items())))
        idle = self._idle.get(key)
        context = idle.pop() if idle else self.browser.new_context(
            viewport={"width": width, "height": height}, locale="es-BO", timezone_id="America/La_Paz", **options)
        self._lent[context] = key
        return context

    def give_back(self, context: BrowserContext) -> None:
        key = self._lent.pop(context)
        try:
            reusable = self._clean(context)
        except PlaywrightError:  # a context the test broke (its browser crashed, say) is not lent again
            reusable = False
        if reusable:
            self._idle.setdefault(key, []).append(context)
        else:
            with suppress(PlaywrightError):
                context.close()

    @staticmethod
    def _clean(context: BrowserContext) -> bool:
        origins, clock = set(), False
        for page in context.pages:
            url = urlsplit(page.url)
            if url.scheme in ("http", "https"):
                origins.add(f"{url.scheme}://{url.netloc}")
                with suppress(PlaywrightError):  # a page still loading, or gone, has no storage to look at
                    clock = clock or page.evaluate("() => '__pwClock' in globalThis")
        if clock:
            return False
        if origins:
            # localStorage survives the pages (desk/choose.js keeps the last desk there), and the kernel may
            # give a later test's server the same port: clear what each origin stored.
            session = context.new_cdp_session(context.pages[0])
            for origin in origins:
                session.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
            session.detach()
        for page in context.pages:
            page.close()
        context.clear_cookies()
        context.clear_permissions()
        context.unroute_all(behavior="ignoreErrors")
        context.set_offline(False)
        return True

    def close(self) -> None:
        for contexts in self._idle.values():
            for context in contexts:
                with suppress(PlaywrightError):
                    context.close()
        self._idle.clear()


@pytest.fixture(scope="session")
def context_pool(browser: Browser) -> Iterator[ContextPool]:
    pool = ContextPool(browser)
    yield pool
    pool.close()


@contextmanager
def page_factory(browser: Browser, default_size: tuple[int, int] = (1280, 900),
                 pool: ContextPool | None = None) -> Iterator:
    """`make(width, height, **context_options)`: a page in a context of its own (own cookies), in La Paz and
    es-BO, lent by `pool` (or by a pool of this block's own, closed at its end) and given back afterwards."""
    own = pool is None
    lender = ContextPool(browser) if own else pool
    contexts = []

    def make(width: int = default_size[0], height: int = default_size[1], **kwargs: object) -> Page:
        context = lender.lend(width, height, **kwargs)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(30_000)
        return page

    try:
        yield make
    finally:
        for context in contexts:
            lender.give_back(context)
        if own:
            lender.close()


@pytest.fixture
def new_page(browser: Browser, context_pool: ContextPool) -> Iterator:
    """Factory: `new_page(width=1080, height=1920)` gives a page in a context of its own (own cookies)."""
    with page_factory(browser, pool=context_pool) as make:
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
