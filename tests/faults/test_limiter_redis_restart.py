"""The rate limiter survives a Redis restart (issue 13, «security at scale»): while Redis is down every request
is still answered (counted in memory, per instance), and once it is back the counters live in Redis again, so
the instances share one budget per device again, with no restart of the app."""

from __future__ import annotations

from pathlib import Path

import pytest
import redis

from core.extensions import db
from tests.apps import make_app
from tests.faults import servers
from tests.helpers import bearer, device_token
from tests.services import wait_until

pytestmark = pytest.mark.redis

WAIT = 90  # seconds: Flask-Limiter retries a dead store after 1, 2, 4… s; a guard against hanging


def test_rate_limit_counters_return_to_redis_after_it_restarts(db_url: str, tmp_path: Path) -> None:
    with servers.redis() as server:
        app = make_app(db_url, tmp_path / "instance", RATELIMIT_STORAGE_URI=server.url,
                       API_RATE_LIMIT="1000 per minute")
        with app.app_context():
            kiosk = bearer(device_token("kiosk"))
            db.session.commit()
            client = app.test_client()

            def ask() -> int:
                return client.get("/api/v1/catalogue", headers=kiosk).status_code

            def counters() -> list[bytes]:
                return redis.Redis.from_url(server.url).keys("LIMITS*")

            assert ask() == 200
            assert counters(), "the limiter counts in Redis"

            server.stop()
            assert [ask() for _ in range(3)] == [200, 200, 200]  # counted in memory meanwhile, nothing refused

            server.start()  # same port, empty: the counters were in memory only
            assert counters() == []
            wait_until(lambda: ask() == 200 and bool(counters()), WAIT, "the limiter counting in Redis again")
            db.session.remove()
