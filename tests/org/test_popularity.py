"""The kiosk orders each category's trámites by the tickets of the last 90 business days (core/org/catalogue.py),
counted by the indexed business day: a ticket of day 91 no longer counts, and the query reads the window only."""

from __future__ import annotations

from core.org import catalogue
from tests.builders import make_category, make_ticket, make_transaction
from tests.helpers import FrozenClock


def _category_order(category: str) -> list[str]:
    def find(nodes):  # noqa: ANN001, ANN202 - the tree's plain dicts
        for node in nodes:
            if node["code"] == category:
                return node
            found = find(node.get("children") or [])
            if found:
                return found
        return None

    return [kid["code"] for kid in find(catalogue.most_chosen_first(catalogue.tree()))["children"]]


def test_the_most_chosen_of_the_last_90_days_comes_first(app) -> None:
    clock = FrozenClock()
    category = make_category()
    first, second = make_transaction(parent=category), make_transaction(parent=category)
    for _ in range(3):  # popular once, 91 business days ago: outside the window
        make_ticket(first)
    clock.advance(days=91)
    make_ticket(second)
    assert catalogue.popularity() == {second.code: 1}
    assert _category_order(category.code) == [second.code, first.code]
    clock.advance(days=-2)  # 89 days after them: the three still count
    assert catalogue.popularity()[first.code] == 3
