"""Issue 13: one panel snapshot per room and sequence number, shared by every panel of the room (500 panels
reconnecting at once), never older than the room's sequence in the database, on any instance."""

from __future__ import annotations

from typing import Any

from bench.sql_count import statements
from core.actors import SYSTEM
from core.extensions import db, socketio
from core.people import users
from core.tickets import desks
from tests.builders import Counter, make_device
from tests.helpers import device_token


def _snapshot_of(client: Any) -> dict[str, Any]:
    [snapshot] = [m["args"][0] for m in client.get_received() if m["name"] == "snapshot"]
    return snapshot


def _connect(app, token: str) -> Any:
    return socketio.test_client(app, auth={"token": token})


def _computations(seen: list[str]) -> int:
    """Snapshot computations among these statements: each reads the room's announcements once."""
    return sum(1 for statement in seen if "FROM announcement" in statement)


def _without_time(snapshot: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in snapshot.items() if k != "server_time"}


def test_a_panel_connecting_after_a_call_gets_the_call(app, counter: Counter) -> None:
    """A room's snapshot is shared, but a call moves it on: the panel connecting after the call shows it as
    «Llamando», and a panel that asks again (a gap) gets it too."""
    first = _connect(app, device_token("panel", "primero", area=counter.area.code))
    assert _snapshot_of(first)["current"] is None
    counter.issue()
    called = desks.call_next(counter.desk, actor=SYSTEM)

    later = _connect(app, device_token("panel", "despues", area=counter.area.code))
    snapshot = _snapshot_of(later)
    assert snapshot["current"]["number"] == called.label
    assert [row["waiting"] for row in snapshot["waiting"]] == [0]
    first.get_received()
    first.emit("snapshot")
    assert _snapshot_of(first)["current"]["number"] == called.label
    for client in (first, later):
        client.disconnect()


def test_two_panels_of_a_room_share_one_computation(app, counter: Counter) -> None:
    """After an issue, the first panel to connect computes the room's snapshot; the second gets the same one
    without computing it again, in two statements: BEGIN, and its token with its area's room sequence."""
    warm = _connect(app, device_token("panel", "calentar", area=counter.area.code))  # compiles the statements
    counter.issue()
    tokens = [device_token("panel", f"panel-{n}", area=counter.area.code) for n in range(2)]
    db.session.remove()
    with statements(db.engine) as first_seen:
        one = _connect(app, tokens[0])
    with statements(db.engine) as second_seen:
        two = _connect(app, tokens[1])

    first, second = _snapshot_of(one), _snapshot_of(two)
    assert _without_time(first) == _without_time(second)
    assert [row["waiting"] for row in second["waiting"]] == [1]
    assert (_computations(first_seen), _computations(second_seen)) == (1, 0)
    assert len(second_seen) <= 2, second_seen
    for client in (warm, one, two):
        client.disconnect()


def test_the_shared_snapshot_does_not_outlive_the_business_day(app, counter: Counter, frozen) -> None:
    """Yesterday's last call is not «Llamando» on a panel connecting the next morning, although no event moved
    the room's sequence overnight."""
    counter.issue()
    desks.call_next(counter.desk, actor=SYSTEM)
    evening = _connect(app, device_token("panel", "tarde", area=counter.area.code))
    assert _snapshot_of(evening)["current"] is not None
    frozen.advance(days=1)
    morning = _connect(app, device_token("panel", "manana", area=counter.area.code))
    snapshot = _snapshot_of(morning)
    assert (snapshot["current"], snapshot["history"]) == (None, [])
    for client in (evening, morning):
        client.disconnect()


def test_a_revoked_or_rotated_panel_token_is_refused_although_its_room_is_cached(app, counter: Counter) -> None:
    """The shared snapshot never stands in for the panel's authentication: with its room's snapshot cached, a
    revoked panel's token and a rotated panel's old token are refused at once, and the new token connects."""
    revoked, revoked_token = make_device("panel", area=counter.area.code)
    rotated, old_token = make_device("panel", area=counter.area.code)
    for token in (revoked_token, old_token):
        _snapshot_of(_connect(app, token))  # the room's snapshot is now cached
    users.revoke_device(revoked.id)
    new_token = users.rotate_device_token(rotated.id)
    for token in (revoked_token, old_token):
        assert not _connect(app, token).is_connected()
    assert _snapshot_of(_connect(app, new_token))["area"] == counter.area.code
