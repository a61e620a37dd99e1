"""Rate-limit counters in the process's memory, without a timer per request: `turnero-memory://`.

limits' MemoryStorage purges expired counters from a `threading.Timer` of 10 ms that it starts again on nearly
every request (whenever the last one has run out). That is an OS thread per request under the development
server and the tests, a greenlet and a switch under gevent: 8 % of an issue's CPU and 12 % of a call-next's,
measured in-process (bench/README.md, session 10). Here the same purge runs inline, at most once a second;
a counter read after its expiry is already discarded by `get`, so the limits counted are the same.

The purge is reached through MemoryStorage's private `__schedule_expiry` hook (its mangled name below);
`limits` is pinned in requirements.txt and `tests/web/test_rate_storage.py` fails if a timer starts again.
"""

from __future__ import annotations

import time
from typing import Any

from limits.storage import MemoryStorage

PURGE_EVERY = 1.0  # seconds between two purges of expired counters


class OfficeMemoryStorage(MemoryStorage):
    STORAGE_SCHEME = ["turnero-memory"]  # registered with limits by defining the class

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options: Any) -> None:
        self._next_purge = 0.0
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    def _MemoryStorage__schedule_expiry(self) -> None:  # noqa: N802 - the parent's private hook, by its mangled name
        now = time.monotonic()
        if now >= self._next_purge:
            self._next_purge = now + PURGE_EVERY
            self._MemoryStorage__expire_events()
