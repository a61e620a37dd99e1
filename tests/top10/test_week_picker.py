"""The weekly report's week picker is a list of ISO weeks in Spanish with their days («Semana 48 · 23–29 nov 2026»),
not Chromium's <input type=week>, which speaks the browser's language («Week 48»). The current week is chosen when
the page opens; the value sent is the same ISO week («2026-W48»)."""

from __future__ import annotations

import re

from tests.top10.helpers import WEEK, Team, one_case
from tests.top10.test_pages import signed_in


def picker(html: str) -> tuple[list[tuple[str, str]], str]:
    """The picker's options (value, label) and the value selected, as the browser would submit it."""
    block = re.search(r'<select id="f-semana" name="semana"[^>]*>(.*?)</select>', html, re.S)
    assert block is not None, "the week field is not a list of weeks"
    options = re.findall(r'<option value="([^"]+)"( selected)?>([^<]+)</option>', block.group(1))
    chosen = [value for value, selected, _label in options if selected]
    assert len(chosen) == 1
    return [(value, label) for value, _selected, label in options], chosen[0]


def test_the_week_picker_lists_weeks_in_spanish_with_their_days(app, team: Team) -> None:
    one_case(team)
    client = signed_in(app, team, "gestor")
    options, chosen = picker(client.get("/admin/top10/semana").get_data(as_text=True))
    assert chosen == WEEK  # the current week (the tests' clock: Friday 27 November 2026)
    assert options[0] == ("2026-W48", "Semana 48 · 23–29 nov 2026")
    assert options[1] == ("2026-W47", "Semana 47 · 16–22 nov 2026")
    assert ("2026-W44", "Semana 44 · 26 oct – 1 nov 2026") in options  # across two months
    assert ("2026-W01", "Semana 1 · 29 dic 2025 – 4 ene 2026") in options  # and two years
    assert not any(value > WEEK for value, _label in options)  # no week that has not started

    # Choosing a week sends the same ISO week: its report opens with that week chosen.
    page = client.get("/admin/top10/semana?semana=2026-W45&top=10").get_data(as_text=True)
    assert "Reporte Top 10 · semana 2026-W45" in page and picker(page)[1] == "2026-W45"
    older = client.get("/admin/top10/semana?semana=2024-W10").get_data(as_text=True)  # older than the list
    assert picker(older)[1] == "2024-W10" and ("2024-W10", "Semana 10 · 4–10 mar 2024") in picker(older)[0]

