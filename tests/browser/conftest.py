"""Real Chromium (Debian's package) through Playwright, against the live server, with axe-core checks."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, WebSocket, expect, sync_playwright
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
def home_url() -> Iterator[str]:
    """A blank page on 127.0.0.1, served for the session: where a kept page rests between tests. On the same
    site as every test's server, whatever its port, so a navigation to the test's page keeps the renderer."""
    blank = Flask("home")
    # Its own icon (none to fetch): a /favicon.ico request of this page could otherwise still be under way when
    # the next test's page commits, and be checked against that page's CSP (a «violation» from another port).
    blank.add_url_rule("/", "blank", lambda: '<!doctype html><title>home</title><link rel="icon" href="data:,">')
    server = LiveServer(blank)
    server.start()
    yield f"{server.url}/"
    server.stop()


# Page methods whose effect outlives the test's documents and cannot be undone through Playwright: a page
# that used one is closed with its context, never lent again.
_LASTING = ("add_init_script", "expose_binding", "expose_function", "set_extra_http_headers", "route_web_socket",
            "route_from_har", "emulate_media")


class PagePool:
    """Browser contexts, each with one page, kept for the worker's session and lent, a page to each page a test
    opens.

    Chromium's CPU per page was mostly set-up, not the page: a page opened with `new_page()` starts a renderer
    process of its own (about 0.35 s of CPU here, even with another page of the same site open in the context)
    and costs the browser process about 0.25 s more to create and close. Navigating a kept page costs neither:
    20 loads of the same page took 14.4 s of Chromium CPU as new pages and 6.6 s as navigations of one page.
    So the pool lends its pages. Between tests a page rests on `home_url` (a blank page on 127.0.0.1).

    A page comes back clean, or is closed with its context: listeners the test added removed, routes removed,
    the context's other pages closed; cookies, permissions, routes and the storage of the origins the test
    visited cleared; the network back online; the page back on its blank home page; the next lending sets its
    viewport. A page that used a method whose effect cannot be undone (`_LASTING`: init scripts, bindings, media
    overrides…) or had Playwright's fake clock installed is closed with its context. Every page a test opens still
    has a context, so a cookie jar, of its own."""

    def __init__(self, browser: Browser, home_url: str = "about:blank") -> None:
        self.browser = browser
        self.home_url = home_url
        self._idle: dict[tuple, list[Page]] = {}
        self._lent: dict[Page, _Lease] = {}

    def lend(self, width: int, height: int, **options: object) -> Page:
        # Kept by their options only: a page is lent at any size (a context with its page costs Chromium ~2 s of
        # CPU to create, a viewport change next to nothing), so the sizes the tests use share contexts.
        key = tuple(sorted((name, repr(value)) for name, value in options.items()))
        idle = self._idle.get(key)
        page = idle.pop() if idle else self._new(width, height, **options)
        if page.viewport_size != {"width": width, "height": height}:
            type(page).set_viewport_size(page, {"width": width, "height": height})  # the class's: not a test's call
        self._lent[page] = _Lease(key, page)
        page.set_default_timeout(30_000)
        return page

    def _new(self, width: int, height: int, **options: object) -> Page:
        context = self.browser.new_context(viewport={"width": width, "height": height}, locale="es-BO",
                                           timezone_id="America/La_Paz", **options)
        page = context.new_page()
        page.goto(self.home_url)
        return page

    def give_back(self, page: Page) -> None:
        lease = self._lent.pop(page)
        try:
            reusable = self._clean(page, lease)
        except PlaywrightError:  # a page the test broke (its browser crashed, say) is not lent again
            reusable = False
        if reusable:
            self._idle.setdefault(lease.key, []).append(page)
        else:
            with suppress(PlaywrightError):
                page.context.close()

    def _clean(self, page: Page, lease: _Lease) -> bool:
        if page.is_closed() or lease.lasting:
            return False
        context = page.context
        pages = context.pages
        origins = set()
        for each in pages:
            url = urlsplit(each.url)
            if url.scheme in ("http", "https"):
                origins.add(f"{url.scheme}://{url.netloc}")
                with suppress(PlaywrightError):  # a page still loading, or gone, has no globals to look at
                    if each.evaluate("() => '__pwClock' in globalThis"):
                        return False
        for each in pages:
            if each is not page:
                each.close()
        lease.remove_added_listeners()
        page.unroute_all(behavior="ignoreErrors")
        context.unroute_all(behavior="ignoreErrors")
        context.set_offline(False)
        page.goto(self.home_url, timeout=10_000)  # unloads the test's document: its sockets and timers end
        context.clear_cookies()
        context.clear_permissions()
        if origins:
            # localStorage outlives the documents (desk/choose.js keeps the last desk there), and the kernel may
            # give a later test's server the same port: clear what each origin stored.
            session = context.new_cdp_session(page)
            for origin in origins:
                session.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
            session.detach()
        return True

    def close(self) -> None:
        for pages in self._idle.values():
            for page in pages:
                with suppress(PlaywrightError):
                    page.context.close()
        self._idle.clear()


class _Lease:
    """One lending of a kept page: the listeners it had, and whether the test used a `_LASTING` method."""

    def __init__(self, key: tuple, page: Page) -> None:
        self.key = key
        self.lasting = False
        self._emitters = [page._impl_obj, page.context._impl_obj]  # Playwright's own event emitters
        self._had = [self._listeners(emitter) for emitter in self._emitters]
        for name in _LASTING:  # the class's method, so lendings do not wrap each other's wrappers
            setattr(page, name, self._marking(getattr(type(page), name), page))

    def _marking(self, method: Callable, page: Page) -> Callable:
        def marked(*args: object, **kwargs: object) -> object:
            self.lasting = True
            return method(page, *args, **kwargs)
        return marked

    @staticmethod
    def _listeners(emitter: object) -> dict[str, list]:
        return {event: list(emitter.raw_listeners(event)) for event in emitter.event_names()}

    def remove_added_listeners(self) -> None:
        for emitter, had in zip(self._emitters, self._had, strict=True):
            for event, listeners in self._listeners(emitter).items():
                for listener in listeners:
                    if listener not in had.get(event, ()):
                        emitter.remove_listener(event, listener)


@pytest.fixture(scope="session")
def page_pool(browser: Browser, home_url: str) -> Iterator[PagePool]:
    pool = PagePool(browser, home_url)
    yield pool
    pool.close()


@contextmanager
def page_factory(browser: Browser, default_size: tuple[int, int] = (1280, 900),
                 pool: PagePool | None = None) -> Iterator:
    """`make(width, height, **context_options)`: a page in a context of its own (own cookies), in La Paz and
    es-BO, lent by `pool` (or by a pool of this block's own, closed at its end) and given back afterwards."""
    own = pool is None
    lender = PagePool(browser) if own else pool
    pages: list[Page] = []

    def make(width: int = default_size[0], height: int = default_size[1], **kwargs: object) -> Page:
        pages.append(lender.lend(width, height, **kwargs))
        return pages[-1]

    try:
        yield make
    finally:
        for page in pages:
            lender.give_back(page)
        if own:
            lender.close()


@pytest.fixture
def new_page(browser: Browser, page_pool: PagePool) -> Iterator:
    """Factory: `new_page(width=1080, height=1920)` gives a page in a context of its own (own cookies)."""
    with page_factory(browser, pool=page_pool) as make:
        yield make


def axe_violations(page: Page, impacts: tuple[str, ...] = ("serious", "critical"),
                   clock_step: int | None = None) -> list[dict]:
    """Run axe-core (from npm, served from disk, never a CDN) and return serious/critical violations. On a page whose
    timers are Playwright's fake clock, stopped, `clock_step`: axe-core waits on timers, so the clock is moved on
    that many ms at a time until it is done."""
    if not AXE.exists():
        pytest.fail("static/vendor/axe.min.js is missing: run `make vendor`.")
    page.wait_for_load_state("load")  # a navigation just committed has no <head> to add the script to yet
    page.add_script_tag(url="/static/vendor/axe.min.js")  # same origin: the pages' CSP refuses inline scripts
    # Only violations are read: axe then records one node per rule for the other result types, which
    # makes a run several times cheaper on long pages.
    run = "axe.run(document, {resultTypes: ['violations']}).then((r) => JSON.stringify(r))"
    if clock_step is None:
        result = page.evaluate(f"() => {run}")
    else:
        page.evaluate(f"() => {{ window.__axe = {run}.then((r) => ({{ r }}), (e) => ({{ e: String(e) }}));"
                      " window.__axe.then((done) => { window.__axe = done; }); }")
        for _ in range(10_000):
            done = page.evaluate("() => window.__axe instanceof Promise ? null : window.__axe")
            if done is not None:
                break
            page.clock.run_for(clock_step)
        else:
            pytest.fail("axe-core did not finish on the page's fake clock")
        if "e" in done:
            pytest.fail(f"axe-core failed: {done['e']}")
        result = done["r"]
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
        self.page = page
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
        if not self.sockets:  # a loaded machine: the page drew its screen before its script opened the socket
            self.page.wait_for_event("websocket", timeout=timeout)  # _opened, a listener too, records it
        self.sockets[-1].wait_for_event("framereceived", predicate=lambda p: isinstance(p, str) and p.startswith("40"),
                                        timeout=timeout)
