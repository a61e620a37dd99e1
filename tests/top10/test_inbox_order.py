"""«Mi bandeja» in the order its people work it: the overdue cases first, then the soonest due, ties by the Top 10
rank; the due dates are the control sheet's (core/top10/sheet.py `deadlines`)."""

from __future__ import annotations

import re

from core.top10 import detection, workflow
from tests.top10.helpers import NOW, WEEK, Team, load_reports, lp, report
from tests.top10.test_inbox_deadline import signed_in


def order_seen(html: str) -> tuple[list[int], list[int]]:
    """The cases as the table (PC) and the cards (phone) list them, top to bottom."""
    table = [int(n) for n in re.findall(r'<tr data-case="(\d+)"', html)]
    cards = [int(n) for n in re.findall(r'<li class="queue-card[^"]*" data-case="(\d+)"', html)]
    return table, cards


def test_my_inbox_lists_the_overdue_first_then_the_soonest_due_ties_by_rank(app, team: Team, frozen) -> None:
    # Four customers, ranked 1–4 by their repeated reports this week.
    rows = [report(f"R{account}-{n}", account, lp(23 + n)) for account, times in (("A", 5), ("B", 4), ("C", 3),
                                                                                    ("D", 2)) for n in range(times)]
    load_reports(rows, team.gestor)
    generated = detection.generate_week(WEEK, actor=team.gestor, now=NOW)
    rank = {detection.get_case(cid).customer_code: cid for cid in generated.case_ids}
    assert [detection.get_case(rank[a]).rank for a in "ABCD"] == [1, 2, 3, 4]
    workflow.send_to_usm(WEEK, actor=team.gestor, now=NOW)
    # USM receives them on different days: a step is due 2 days after the case reaches it.
    received = {"A": lp(29, 9), "B": lp(28, 9), "C": lp(27, 12), "D": lp(28, 9)}  # due 1/12, 30/11, 29/11, 30/11
    for account, when in received.items():
        frozen.value = when
        workflow.receive(None, case_id=rank[account], actor=team.usm, now=when)

    frozen.value = lp(30, 9)  # C is overdue, B and D due today (B first by rank), A tomorrow
    html = signed_in(app, team, "usm").get("/admin/top10/").get_data(as_text=True)
    expected = [rank[a] for a in "CBDA"]
    assert order_seen(html) == (expected, expected)
    first = re.search(r'<tr data-case="(\d+)"([^>]*)>', html)
    assert first is not None and int(first.group(1)) == rank["C"] and "overdue" in first.group(2)
    assert "primero los vencidos, luego los que vencen antes" in " ".join(html.split())
