"""Every answer carries the security headers; pages carry a CSP with no inline script or style and no framing."""

from __future__ import annotations

import re
from pathlib import Path

from tests.helpers import login, make_user

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def test_admin_page_has_the_csp_and_cannot_be_framed(app, client) -> None:
    make_user("supervisora", "supervisor")
    login(client, "supervisora")
    response = client.get("/admin/")
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and response.headers["X-Frame-Options"] == "DENY"
    assert "script-src 'self'" in csp and "style-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_api_static_and_error_answers_carry_nosniff(client) -> None:
    for url in ("/api/v1/catalogue", "/static/css/base.css", "/no-existe"):
        response = client.get(url)
        assert response.headers["X-Content-Type-Options"] == "nosniff", url
        assert response.headers["Referrer-Policy"] == "same-origin", url


def test_templates_have_no_inline_script_or_style() -> None:
    """What the CSP would block: <style> blocks, style="" attributes, inline <script> and on* handlers."""
    offending = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        if re.search(r"<style\b|\sstyle=|<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+=\"", text):
            offending.append(str(path.relative_to(TEMPLATES)))
    assert offending == []
