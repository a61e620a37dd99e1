"""Redis restarted under two running instances (issue 13, item 4): a panel on one instance, the desk calling
through the other. A call made while Redis is down cannot cross between instances; once Redis is back, events
flow again, and the panel, never reloaded, shows every call, the missed one too (it sees the sequence skip and
takes a fresh snapshot)."""

from __future__ import annotations

from pathlib import Path

import pytest
import redis as redis_client
from flask import Flask

from core.realtime import sessions
from tests.faults import servers
from tests.faults.panel import Panel, call_next, issue, server_seq, watched_room
from tests.services import wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

WAIT = 30  # seconds: a guard against hanging, not an assertion


def test_panel_resyncs_after_redis_restarts(pg_setup: Flask, fault_pg: servers.Postgres, fault_redis: servers.Redis,
                                            tmp_path: Path) -> None:
    tx, desk, area, kiosk, agent, panel_token = watched_room("asesor-redis")
    panel = None
    try:
        with servers.instances(fault_pg.url, fault_redis.url, tmp_path, 2) as (calling, watching):
            for n in range(4):
                assert issue(calling.base, kiosk, tx, f"antes-{n:04d}").status_code == 201
            panel = Panel(watching.base, panel_token)
            first = call_next(calling.base, desk, agent)
            wait_until(lambda: panel.has_shown([first]), WAIT, "the first call on the panel, through Redis")

            probe = redis_client.Redis.from_url(fault_redis.url)
            listening = probe.pubsub_numsub(sessions.CHANNEL)[0][1]  # the instances with sockets subscribe
            probe.close()
            assert listening >= 1
            fault_redis.stop()
            missed = call_next(calling.base, desk, agent)  # Redis is down: the other instance cannot hear it
            fault_redis.start()  # same port
            probe = redis_client.Redis.from_url(fault_redis.url)
            wait_until(lambda: probe.pubsub_numsub(sessions.CHANNEL)[0][1] == listening, WAIT,
                       "the instances listening on Redis again")
            probe.close()
            after = call_next(calling.base, desk, agent)

            wait_until(lambda: after in panel.heard, WAIT, "a call made after the restart reaches the panel")
            wait_until(lambda: panel.has_shown([first, missed, after]), WAIT, "the missed call on the panel")
            assert panel.connects == 1  # never disconnected, never reloaded: resynced in place
            panel.wait_at(server_seq(watching.base, area, panel_token))
    finally:
        if panel is not None:
            panel.close()
