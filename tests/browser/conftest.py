"""Real Chromium (Debian's package) through Playwright, against the live server, with axe-core checks."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, WebSocket, expect, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from tests.conftest import LiveServer

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


@pytest.fixture(scope="session")
def anchor_url() -> Iterator[str]:
    """A blank page on 127.0.0.1, served for the session, that keeps each kept context's renderer alive."""
    blank = Flask("anchor")
    blank.add_url_rule("/", "blank", lambda: "<!doctype html><title>anchor</title>")
    server = LiveServer(blank)
    server.start()
    yield f"{server.url}/"
    server.stop()


class ContextPool:
    """Browser contexts kept for the worker's session and lent, one to each page a test opens.

    Starting a renderer process costs Chromium about 1.1 s of CPU here, more than the rest of a page that
    loads and idles a second (measured: 1.7 s a page in a fresh context, 1.5 s in a kept context once its
    last page has closed, 0.4 s in a kept context that still has a page on 127.0.0.1). So each kept context
    holds an anchor page on 127.0.0.1 (`anchor_url`): a test's pages, on the same site whatever the server's
    port, share its renderer instead of starting one each.

    A context comes back clean, or is closed: the test's pages closed; cookies, permissions, routes and the
    storage of the origins its pages were on cleared; the network back online. One that had Playwright's fake
    clock installed (an init script cannot be removed) is closed, never lent again. Every page a test opens
    still has a context, so a cookie jar, of its own."""

    def __init__(self, browser: Browser, anchor_url: str | None = None) -> None:
        self.browser = browser
        self.anchor_url = anchor_url
        self._idle: dict[tuple, list[BrowserContext]] = {}
        self._lent: dict[BrowserContext, tuple] = {}
        self._anchors: dict[BrowserContext, Page] = {}

    def lend(self, width: int, height: int, **options: object) -> BrowserContext:
        key = (width, height, tuple(sorted((name, repr(value)) for name, value in options.items())))
        idle = self._idle.get(key)
        context = idle.pop() if idle else self._new(width, height, **options)
        self._lent[context] = key
        return context

    def _new(self, width: int, height: int, **options: object) -> BrowserContext:
        context = self.browser.new_context(viewport={"width": width, "height": height}, locale="es-BO",
                                           timezone_id="America/La_Paz", **options)
        if self.anchor_url:
            self._anchors[context] = anchor = context.new_page()
            anchor.goto(self.anchor_url)
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
            self._anchors.pop(context, None)
            with suppress(PlaywrightError):
                context.close()

    def _clean(self, context: BrowserContext) -> bool:
        anchor = self._anchors.get(context)
        if anchor is not None and anchor.is_closed():
            return False
        pages = [page for page in context.pages if page is not anchor]
        origins, clock = set(), False
        for page in pages:
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
            session = context.new_cdp_session(anchor or pages[0])
            for origin in origins:
                session.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
            session.detach()
        for page in pages:
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
        self._anchors.clear()


@pytest.fixture(scope="session")
def context_pool(browser: Browser, anchor_url: str) -> Iterator[ContextPool]:
    pool = ContextPool(browser, anchor_url)
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
