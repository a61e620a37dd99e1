"""Every page names its icon: browsers then fetch it from /static (allowed by the CSP's img-src 'self') instead
of asking each page's /favicon.ico and getting a 404."""

from __future__ import annotations

import re


def test_pages_name_an_icon_that_is_served(client) -> None:
    page = client.get("/login").get_data(as_text=True)
    [href] = re.findall(r'<link rel="icon" href="([^"]+)"', page)
    assert href.startswith("/static/")
    icon = client.get(href)
    assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"
    assert b"<svg" in icon.data
