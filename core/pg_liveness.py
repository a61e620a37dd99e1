"""A PostgreSQL pool hands out a live connection without a round trip per checkout (issue 13).

`pool_pre_ping` sent an empty query before every checkout: three per kiosk ticket (the caller's read, the write
transaction, the counter's own pool), three of an issue's seventeen round trips to the server. A connection the
database closed has something to read already: PostgreSQL sends «terminating connection» to every client as it
shuts down, and the kernel an end of file when its process or host goes. So a checkout looks at the socket,
without waiting, and pings only when there is something to read, or when the connection sat idle long enough for
a firewall or a network cut to have dropped it unannounced. A ping that fails hands SQLAlchemy a
`DisconnectionError`, and the pool replaces the connection before the request sees it, as `pool_pre_ping` did
(tests/faults/test_database_outage.py: the first request after an unnoticed restart gets its ticket).
"""

from __future__ import annotations

import select
import time
from typing import Any

from sqlalchemy import Engine, event, exc

# Past this many seconds idle a connection is pinged whatever its socket shows.
IDLE_PING_SECONDS = 30.0
_IDLE_SINCE = "turnero_idle_since"


def check_on_checkout(engine: Engine) -> None:
    """Check `engine`'s PostgreSQL connections as they leave its pool (a SQLite engine is left alone)."""
    if engine.dialect.name != "postgresql":
        return

    @event.listens_for(engine, "checkin")
    def _idle(dbapi_connection: Any, record: Any) -> None:
        record.info[_IDLE_SINCE] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _live(dbapi_connection: Any, record: Any, proxy: Any) -> None:
        since = record.info.get(_IDLE_SINCE)
        if since is None:  # just connected (a reconnect starts a new `info`)
            return
        if time.monotonic() - since < IDLE_PING_SECONDS and not _has_input(dbapi_connection):
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as error:
            if engine.dialect.is_disconnect(error, dbapi_connection, None):
                raise exc.DisconnectionError() from error  # the pool connects afresh and checks out again
            raise


def _has_input(dbapi_connection: Any) -> bool:
    """Whether the server sent anything to an idle connection (under gevent, `select` is gevent's)."""
    try:
        fd = dbapi_connection.fileno()
    except Exception:  # closed or broken: let the ping tell
        return True
    return bool(select.select([fd], [], [], 0)[0])
