"""Rate-limit counters in memory without a timer per request (web/rate_storage.py): limits' MemoryStorage started
a `threading.Timer` on nearly every request, an OS thread under threads and a greenlet under gevent."""

from __future__ import annotations

import threading

from core.extensions import limiter
from tests.apps import make_app
from tests.builders import make_device
from tests.helpers import bearer
from web import rate_storage
from web.rate_storage import OfficeMemoryStorage


def test_the_limiter_counts_in_the_office_storage_without_starting_timers(app, db_url, tmp_path,
                                                                          monkeypatch) -> None:
    """A kiosk's sixth request in the minute is refused (429) as before, and no timer was started for them."""
    limited = make_app(db_url, tmp_path / "limited", API_RATE_LIMIT="5 per minute")
    with limited.app_context():
        token = make_device("kiosk")[1]
    started: list[object] = []
    original = threading.Timer.start
    monkeypatch.setattr(threading.Timer, "start", lambda timer: (started.append(timer), original(timer)))
    client = limited.test_client()
    codes = [client.get("/api/v1/catalogue", headers=bearer(token)).status_code for _ in range(6)]
    assert codes == [200] * 5 + [429]
    assert isinstance(limiter._storage, OfficeMemoryStorage) and started == []


def test_expired_counters_are_purged_once_a_second(monkeypatch) -> None:
    """A counter past its expiry is dropped by the next purge (memory stays bounded), at most once a second."""
    now = [1000.0]
    monkeypatch.setattr(rate_storage.time, "monotonic", lambda: now[0])
    storage = OfficeMemoryStorage("turnero-memory://")
    storage.incr("kiosk-a", expiry=60)
    storage.expirations["kiosk-a"] = 0  # long expired; nobody asked for it since
    storage.incr("kiosk-b", expiry=60)  # the first purge ran on the first incr: none for a second
    assert "kiosk-a" in storage.storage
    now[0] += rate_storage.PURGE_EVERY
    storage.incr("kiosk-b", expiry=60)
    assert "kiosk-a" not in storage.storage and storage.get("kiosk-b") == 2
