"""Issue 13: a panel snapshot is shared per room and sequence number inside an instance, but an instance never
serves one older than the room's sequence in the database (tests/panels/test_shared_snapshot.py: one instance)."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from core.actors import SYSTEM
from core.tickets import desks
from tests.builders import make_counter
from tests.helpers import device_token
from tests.realtime.instance import running_instance
from tests.realtime.live import WAIT, listen


def _get(url: str, token: str) -> dict[str, Any]:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=WAIT) as response:
        return json.loads(response.read())


@pytest.mark.postgres
@pytest.mark.redis
def test_another_instance_never_serves_a_stale_snapshot(app, db_url, redis_url, tmp_path: Path, listeners) -> None:
    """Instance B has the room's snapshot cached; a call is made by a process whose events never reach B (this
    test's app has no Redis). B's next snapshot, over HTTP and to a panel connecting to it, has the call: B
    checks the room's sequence in the database, not only the events it hears."""
    room = make_counter()
    token = device_token("panel", "sala-b", area=room.area.code)
    room.issue()
    with running_instance(db_url, redis_url, tmp_path / "b") as url_b:
        before = _get(f"{url_b}/api/v1/display/{room.area.code}/snapshot", token)
        assert before["current"] is None and [row["waiting"] for row in before["waiting"]] == [1]
        listen(listeners, url_b, {"token": token}).wait_for("snapshot")  # served from B's cache

        called = desks.call_next(room.desk, actor=SYSTEM)

        after = _get(f"{url_b}/api/v1/display/{room.area.code}/snapshot", token)
        assert after["seq"] > before["seq"]
        assert after["current"]["number"] == called.label and [row["waiting"] for row in after["waiting"]] == [0]
        panel = listen(listeners, url_b, {"token": token}).wait_for("snapshot")
        assert panel["current"]["number"] == called.label
