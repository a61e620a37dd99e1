"""Signing in through the real login form in Chromium: the one way every browser test does it."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.helpers import PASSWORD


def log_in(page: Page, server, username: str, next_url: str = "") -> Page:
    """Open the login page (to return to `next_url`), type the user and PASSWORD, submit. The caller waits for
    the page it expects."""
    page.goto(f"{server.url}/login" + (f"?next={next_url}" if next_url else ""))
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    return page


def open_reception(page: Page, server, username: str) -> Page:
    """Sign in and open reception; return once its script answers the keyboard shortcuts (`data-ready`)."""
    log_in(page, server, username, "/recepcion")
    expect(page.locator("[data-reception][data-ready]")).to_have_count(1)
    return page
