"""Waking the print worker when a job is queued, in this process and in the others.

The worker that prints is the one process holding the «print-worker» lease (core/printing/worker.py). A job
queued by another process (a second instance, or the web server beside `flask print-worker`) is announced on
a Redis channel when REDIS_URL is set, as in every scale-out deployment; the worker listens and wakes at once
instead of at its next PRINT_POLL_SECONDS poll. Without Redis (one SQLite instance printing itself) the
in-process event is enough. Redis being down loses only the wake-up: the poll still finds the job.
"""

from __future__ import annotations

import logging
import threading

import redis
from flask import current_app

logger = logging.getLogger(__name__)

CHANNEL = "turnero:print-jobs"
JOBS_QUEUED = threading.Event()  # set after the commit that queued a job: this process's worker wakes at once
_clients: dict[str, redis.Redis] = {}


def _client(url: str) -> redis.Redis:
    # Short timeouts: the announcement runs after the commit, inside the kiosk's request.
    if url not in _clients:
        _clients[url] = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
    return _clients[url]


def jobs_queued() -> None:
    """After the commit that queued a job: wake this process's worker and tell the others (the lease holder
    may be another process)."""
    JOBS_QUEUED.set()
    url = current_app.config.get("REDIS_URL")
    if not url:
        return
    try:
        _client(url).publish(CHANNEL, b"1")
    except redis.RedisError as error:  # the job is committed; the worker's poll finds it
        logger.warning("print wake-up not announced (%s): the print worker's poll will find the job", error)


def listen(url: str, stop: threading.Event, retry_seconds: float = 1.0) -> None:
    """Set JOBS_QUEUED on every announcement until `stop`; reconnects after Redis restarts."""
    while not stop.is_set():
        try:
            pubsub = redis.Redis.from_url(url, socket_connect_timeout=2).pubsub(ignore_subscribe_messages=True)
            pubsub.subscribe(CHANNEL)
            JOBS_QUEUED.set()  # (re)subscribed: whatever was announced meanwhile is looked for now
            while not stop.is_set():
                if pubsub.get_message(timeout=1.0) is not None:
                    JOBS_QUEUED.set()
            pubsub.close()
        except redis.RedisError as error:
            logger.warning("print wake-up channel lost (%s): retrying", error)
            stop.wait(retry_seconds)
