"""Signing in from Chromium. `log_in` types into the real login form; `signed_in` posts the same form with
Flask's test client (the same view, password check and fresh session) and hands the session cookie to the
page's context: a test that is not about the form skips the login page's load, the submit and the redirect,
which cost Chromium about a second of CPU per sign-in."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.helpers import PASSWORD

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def log_in(page: Page, server, username: str, next_url: str = "") -> Page:
    """Open the login page (to return to `next_url`), type the user and PASSWORD, submit. The caller waits for
    the page it expects."""
    page.goto(f"{server.url}/login" + (f"?next={next_url}" if next_url else ""))
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    return page


def signed_in(page: Page, server, username: str, path: str) -> Page:
    """Sign `username` in through the login view (not the browser form) and open `path` in `page`, signed in.
    The caller waits for the page it expects."""
    client = server.app.test_client()
    form = client.get("/login").get_data(as_text=True)
    token = CSRF.search(form)
    assert token, "the login page has no CSRF token"
    answer = client.post("/login", data={"csrf_token": token.group(1), "username": username, "password": PASSWORD})
    assert answer.status_code == 302, f"{username} could not sign in ({answer.status_code})"
    cookie = client.get_cookie(server.app.config["SESSION_COOKIE_NAME"])
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": server.url, "httpOnly": True,
                               "sameSite": "Lax"}])
    page.goto(f"{server.url}{path}")
    expect(page).not_to_have_url(re.compile(r"/login"))  # the cookie was taken: no detour to the login page
    return page


def open_reception(page: Page, server, username: str) -> Page:
    """Sign in and open reception; return once its script answers the keyboard shortcuts (`data-ready`)."""
    signed_in(page, server, username, "/recepcion")
    expect(page.locator("[data-reception][data-ready]")).to_have_count(1)
    return page
