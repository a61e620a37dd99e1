"""Issue 10 over the public API: the catalogue and the {ticket} answer carry the requirements and the honest
wait (fields added only; API.md's shapes stay)."""

from __future__ import annotations

from core.tickets import desk_shifts
from tests.builders import make_category, make_counter, make_transaction
from tests.helpers import bearer, device_token


def walk(nodes: list[dict]):
    for node in nodes:
        yield node
        yield from walk(node.get("children", []))


def test_catalogue_lists_requirements_on_every_transaction(client) -> None:
    """A trámite with requirements lists them in order; one without has an empty list, never a missing key."""
    counter = make_counter()
    category = make_category(parent="TRAMITE")
    with_papers = make_transaction(counter.queue, parent=category, requirements="Cédula de identidad\nCroquis")
    without = make_transaction(counter.queue, parent=category)
    nodes = {n["code"]: n for n in walk(client.get("/api/v1/catalogue").get_json())}
    assert nodes[with_papers.code]["requirements"] == ["Cédula de identidad", "Croquis"]
    assert nodes[without.code]["requirements"] == []
    assert all("requirements" in n for n in nodes.values() if n["kind"] in ("transaction", "info"))


def test_issued_ticket_carries_requirements_and_the_worded_wait(client, agent) -> None:
    """POST /tickets answers with the requirements, «en breve» at an open desk, and no notice."""
    counter = make_counter()
    tx = make_transaction(counter.queue, requirements="Cédula de identidad vigente")
    desk_shifts.sign_in(counter.desk, actor=agent)
    response = client.post("/api/v1/tickets", json={"transaction": tx.code}, headers=bearer(device_token("kiosk")))
    assert response.status_code == 201
    ticket = response.get_json()["ticket"]
    assert ticket["requirements"] == ["Cédula de identidad vigente"]
    assert (ticket["people_ahead"], ticket["estimated_wait_min"], ticket["wait_text"]) == (0, 0, "en breve")
    assert (ticket["desk_open"], ticket["wait_notice"], ticket["transferred"]) == (True, None, False)


def test_catalogue_says_whether_a_desk_serves_each_transaction_now(client, agent) -> None:
    """`destination.desk_open`: false while the queue's desks are closed, true once one signs in."""
    counter = make_counter()
    category = make_category(parent="TRAMITE")
    tx = make_transaction(counter.queue, parent=category)

    def desk_open() -> bool:
        nodes = {n["code"]: n for n in walk(client.get("/api/v1/catalogue").get_json())}
        return nodes[tx.code]["destination"]["desk_open"]

    assert desk_open() is False
    desk_shifts.sign_in(counter.desk, actor=agent)
    assert desk_open() is True
