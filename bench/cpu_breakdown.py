"""CPU per component of a warm issue and a warm call-next, in-process (`time.process_time()`, not a profiler).

`python -m bench.cpu_breakdown [N]`: N issues (the queue grows to N), then N call-nexts, over the public API
(Flask test client). Each listed function is wrapped to add its own CPU time; the rows nest (a parent
includes its children), so they do not add up. Quieter than cProfile on a loaded machine: cProfile measures
wall time, so preemption and garbage collection land on whatever function was running.
"""

from __future__ import annotations

import functools
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from bench import sql_count
from bench.common import bench_app

spent: defaultdict[str, float] = defaultdict(float)


def _wrap(owner: Any, name: str, label: str | None = None) -> None:
    fn = getattr(owner, name, None)
    if fn is None:  # another version of the code, without it
        return
    label = label or f"{getattr(owner, '__name__', type(owner).__name__).split('.')[-1]}.{name}"

    @functools.wraps(fn)
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[label] += time.process_time() - start

    setattr(owner, name, timed)


def _instrument(app: Any) -> None:
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    from core import lookups
    from core.extensions import socketio
    from core.people import users
    from core.realtime import broadcast, outbox
    from core.tickets import attentions, desks, engine, positions, serialize

    for owner, names in ((lookups, ("transaction", "desk")), (users, ("caller_for_token",)),
                         (engine, ("issue_ticket", "_next_number", "record")), (attentions, ("for_ticket",)),
                         (broadcast, ("ticket_changed", "_waiting_per_area", "desk_changed")),
                         (positions, ("wait", "next_candidates")), (serialize, ("staff_ticket",)),
                         (desks, ("call_next", "_take", "_after_take")), (Session, ("flush", "commit"))):
        for name in names:
            _wrap(owner, name, f"Session.{name}" if owner is Session else None)
    for hook, name in (("before_commit", "_take_sequences"), ("after_commit", "_after_commit")):
        original = getattr(outbox, name)
        _wrap(outbox, name)
        event.remove(Session, hook, original)  # the listener holds the function itself
        event.listen(Session, hook, getattr(outbox, name))
    _wrap(socketio, "emit", "socketio.emit")
    _wrap(app, "preprocess_request", "before_request (rate limit, caller)")
    _wrap(app.json, "response", "json response")


def _report(what: str, total: float, n: int) -> None:
    print(f"{what}: {total / n * 1000:.2f} ms CPU per request")
    for label, seconds in sorted(spent.items(), key=lambda item: -item[1]):
        print(f"  {label:<40} {seconds / n * 1000:6.2f} ms")


def main(argv: list[str] | None = None) -> None:
    n = int((argv if argv is not None else sys.argv[1:] or ["200"])[0])
    with bench_app("sqlite") as app:
        _instrument(app)
        issue, call_next = sql_count.api_calls(app.test_client())
        finish: Callable[[], Any] = call_next.finish  # type: ignore[attr-defined]
        for _ in range(5):
            issue(), call_next(), finish()
        spent.clear()
        start = time.process_time()
        for _ in range(n):
            issue()
        _report("issue", time.process_time() - start, n)
        spent.clear()
        total = 0.0
        for _ in range(n):
            start = time.process_time()
            call_next()
            total += time.process_time() - start
            kept = dict(spent)
            finish()  # outside the clock, and out of the rows
            spent.clear()
            spent.update(kept)
        _report("call-next", total, n)


if __name__ == "__main__":
    main()
