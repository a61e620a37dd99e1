"""Long C calls run off the event loop under gevent.

A password check (scrypt, ~90 ms of CPU here) runs in C without yielding: under gunicorn's gevent worker every
panel, kiosk and desk of the instance waited for each sign-in. hashlib releases the GIL meanwhile, so in gevent's
thread pool (a real OS thread) it runs beside the loop. One call at a time: each scrypt check holds 32 MB while
it runs, so ten sign-ins at once in gevent's default pool of ten would hold 320 MB; on the loop they had run one
after another too. Without gevent (threads, the CLI, the tests) the call simply runs in the caller's thread.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


@functools.cache
def _pool() -> Any:  # noqa: ANN401 - gevent's ThreadPool, imported only in a patched process
    """One thread, made on first use in the process that needs it (gunicorn's worker, after the fork)."""
    from gevent.threadpool import ThreadPool

    return ThreadPool(1)


def off_loop(fn: Callable[..., T], *args: object) -> T:
    """`fn(*args)`, in gevent's thread pool when this process is patched by gevent, else right here."""
    monkey = sys.modules.get("gevent.monkey")  # never imported: not patched (and gevent stays unloaded)
    if monkey is None or not monkey.is_module_patched("threading"):
        return fn(*args)
    return _pool().apply(fn, args)
