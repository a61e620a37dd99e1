"""The shared front-end layer: scripts come from static/ only, the screens share static/common/, and no
script names the business time zone (it comes from <html data-tz>)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))
SCRIPTS = sorted(p for p in (ROOT / "static").rglob("*.js") if "vendor" not in p.parts)
COMMON = ROOT / "static" / "common"


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("template", TEMPLATES, ids=_rel)
def test_templates_have_no_inline_script(template: Path) -> None:
    """No <script> with a body, no on*= handler attribute, no javascript: URL, no script from outside static/."""
    html = template.read_text()
    assert not re.search(r"<script\b[^>]*>\s*[^<\s]", html), "inline <script> body"
    assert not re.search(r"<[a-z][^>]*\son[a-z]+\s*=", html, re.IGNORECASE), "on*= handler attribute"
    assert "javascript:" not in html.lower()
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "url_for('static'" in tag and " defer" in tag, tag


@pytest.mark.parametrize("script", SCRIPTS, ids=_rel)
def test_scripts_use_the_common_layer_in_one_dialect(script: Path) -> None:
    """ES2017+ classic scripts; only common/ opens sockets or calls fetch; no hard-coded time zone."""
    source = script.read_text()
    assert not re.search(r"\bvar\s", source), "var: use const/let"
    assert "function ()" not in source, "anonymous function: use an arrow function"
    assert "America/" not in source, "the time zone comes from <html data-tz>"
    if script.parent != COMMON:
        assert not re.search(r"\bio\(", source), "Socket.IO is set up by Turnero.live"
        assert not re.search(r"\bfetch\(", source), "server calls go through Turnero.api"
        assert "csrf" not in source.lower(), "the CSRF token is Turnero.api's business"


def test_base_layout_loads_the_common_layer_and_the_zone(client) -> None:  # noqa: ANN001
    """Every page carries the business time zone and loads api.js and time.js before its own scripts."""
    html = client.get("/login").get_data(as_text=True)
    assert f'data-tz="{client.application.config["BUSINESS_TZ"]}"' in html
    assert '<meta name="csrf-token"' in html
    assert html.index("common/api.js") < html.index("common/time.js")
    assert "socket.io" not in html  # only pages with live updates load the Socket.IO client
