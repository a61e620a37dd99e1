"""Real Chromium (Debian's package) through Playwright, against the live server, with axe-core checks."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "static" / "vendor" / "axe.min.js"
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


@pytest.fixture
def new_page(browser: Browser) -> Iterator:
    """Factory: `new_page(width=1080, height=1920)` gives a page in a fresh context (own cookies)."""
    contexts = []

    def make(width: int = 1280, height: int = 900, **kwargs: object) -> Page:
        context = browser.new_context(viewport={"width": width, "height": height}, locale="es-BO",
                                      timezone_id="America/La_Paz", **kwargs)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield make
    for context in contexts:
        context.close()


def axe_violations(page: Page, impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict]:
    """Run axe-core (from npm, served from disk, never a CDN) and return serious/critical violations."""
    if not AXE.exists():
        pytest.fail("static/vendor/axe.min.js is missing: run `make vendor`.")
    page.add_script_tag(url="/static/vendor/axe.min.js")  # same origin: the pages' CSP refuses inline scripts
    result = page.evaluate("async () => JSON.stringify(await axe.run(document))")
    violations = json.loads(result)["violations"]
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in violations if v["impact"] in impacts
    ]


@pytest.fixture
def axe() -> object:
    return axe_violations
