"""A panel's network cut for CUT_SECONDS (issue 13, item 4): a proxy between the panel and its instance drops
the connection and refuses new ones while the desk keeps calling. When the network is back the panel, which
reconnects by itself, shows every call made during the cut (the snapshot it gets on reconnecting) and stands
at the room's last sequence number: no call lost."""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Flask

from tests.faults import servers
from tests.faults.panel import Panel, call_next, issue, server_seq, watched_room
from tests.faults.proxy import Proxy
from tests.services import wait_until

pytestmark = pytest.mark.postgres

CUT_SECONDS = 60  # the fault itself: how long the panel's network stays cut
CALLS_DURING_CUT = 3  # fewer than the panel's history (8), so its snapshot holds them all
WAIT = 30  # seconds: a guard against hanging, not an assertion


def test_panel_shows_every_call_after_a_network_cut(pg_setup: Flask, fault_pg: servers.Postgres,
                                                    tmp_path: Path) -> None:
    tx, desk, area, kiosk, agent, panel_token = watched_room("asesor-corte")
    instance = servers.Instance(fault_pg.url, "", tmp_path / "a")
    base = instance.start()
    proxy = Proxy(urlsplit(base).port)
    panel = None
    try:
        for n in range(CALLS_DURING_CUT + 2):
            assert issue(base, kiosk, tx, f"corte-{n:04d}").status_code == 201
        panel = Panel(f"http://127.0.0.1:{proxy.port}", panel_token)
        before = call_next(base, desk, agent)
        wait_until(lambda: panel.has_shown([before]), WAIT, "a call before the cut on the panel")

        proxy.cut()
        cut_at = time.monotonic()
        wait_until(lambda: not panel.sio.connected, WAIT, "the panel noticing the cut")
        during = [call_next(base, desk, agent) for _ in range(CALLS_DURING_CUT)]
        assert not panel.has_shown(during)
        wait_until(lambda: proxy.refused > 0, WAIT, "the panel trying to reconnect while cut")
        time.sleep(max(0.0, CUT_SECONDS - (time.monotonic() - cut_at)))  # the cut's length: the fault itself
        proxy.restore()

        wait_until(lambda: panel.has_shown(during), WAIT + CUT_SECONDS, "the calls made during the cut on the panel")
        after = call_next(base, desk, agent)
        wait_until(lambda: after in panel.heard, WAIT, "a call after the cut heard live")
        panel.wait_at(server_seq(base, area, panel_token))
        assert panel.connects == 2  # reconnected by itself: no reload
    finally:
        if panel is not None:
            panel.close()
        proxy.close()
        instance.stop()
