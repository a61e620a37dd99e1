"""SQL statements per issue and per call-next, over the public API (Flask test client), and a CPU profile.

`python -m bench.sql_count [--backend sqlite] [--show] [--profile 200] [--cpu 300]`

`--cpu N`: CPU time (`time.process_time()`, this process only: the test client runs the server in it) per warm
issue and per warm call-next, over N of each; quieter than wall-clock time on a shared machine.

Statement counts are deterministic: tests/tickets/test_statement_budget.py asserts the bound this prints.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event

from bench.common import DESK, ISSUE_TX, bench_app, kiosk_issue


@contextmanager
def statements(engine: Any) -> Iterator[list[str]]:
    """Every SQL statement this process sends to `engine`'s database inside the block, on the engine's connections
    or on another pool's (the ticket counter's on PostgreSQL: core/tickets/numbering.py)."""
    seen: list[str] = []

    def before(conn, _cursor, statement, _params, _context, _executemany) -> None:
        if conn.engine is engine or conn.engine.url == engine.url:
            seen.append(" ".join(statement.split()))

    event.listen(Engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", before)


def api_calls(client: Any, name: str = "bench") -> tuple[Callable[[], Any], Callable[[], Any]]:
    """(issue one ticket, call the next one at BOC1; `.finish` finishes it) as a kiosk and an agent would."""
    from tests.helpers import bearer, device_token, token_for

    kiosk = bearer(device_token("kiosk", f"{name}-kiosk"))
    agent = bearer(token_for(f"{name}-agent", "agent"))

    def issue() -> Any:
        response = client.post("/api/v1/tickets", json=kiosk_issue(ISSUE_TX), headers=kiosk)
        assert response.status_code == 201, response.get_data(as_text=True)
        return response

    def call_next() -> Any:
        response = client.post(f"/api/v1/desks/{DESK}/call-next", headers=agent)
        assert response.status_code == 200, response.get_data(as_text=True)
        return response

    def finish() -> Any:
        return client.post(f"/api/v1/desks/{DESK}/finish", json={"outcome": "Atendido"}, headers=agent)

    issue.finish = finish  # type: ignore[attr-defined]
    call_next.finish = finish  # type: ignore[attr-defined]
    return issue, call_next


def count(app: Any, calls: tuple[Callable[[], Any], Callable[[], Any]] | None = None) -> dict[str, list[str]]:
    """Statements of one warm issue, call-next and finish (the second of each: caches and tokens warm)."""
    from core.extensions import db

    issue, call_next = calls or api_calls(app.test_client())
    for _ in range(3):
        issue()
    call_next()
    call_next.finish()  # type: ignore[attr-defined]
    with statements(db.engine) as issued:
        issue()
    with statements(db.engine) as called:
        call_next()
    with statements(db.engine) as finished:
        call_next.finish()  # type: ignore[attr-defined]
    return {"issue": issued, "call_next": called, "finish": finished}


def profile(app: Any, tickets: int) -> pstats.Stats:
    client = app.test_client()
    issue, _ = api_calls(client, "profile")
    issue()
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(tickets):
        issue()
    prof.disable()
    return pstats.Stats(prof)


def cpu(calls: tuple[Callable[[], Any], Callable[[], Any]], n: int) -> dict[str, float]:
    """Milliseconds of CPU per issue, per call-next and per finish (the median of 5 blocks of n/5, against the
    machine's noise). The call-next and its finish are timed apart. The queue grows to n waiting tickets during
    the issues, then empties during the calls, as at an office's busy hour."""
    issue, call_next = calls
    for _ in range(5):  # warm: caches, tokens, compiled statements
        issue()
        call_next()
        call_next.finish()  # type: ignore[attr-defined]
    block = max(n // 5, 1)
    issues, calls, finishes = [], [], []
    for _ in range(5):
        start = time.process_time()
        for _ in range(block):
            issue()
        issues.append((time.process_time() - start) / block * 1000)
    for _ in range(5):
        spent, spent_finishing = 0.0, 0.0
        for _ in range(block):
            start = time.process_time()
            call_next()
            called = time.process_time()
            call_next.finish()  # type: ignore[attr-defined]
            spent, spent_finishing = spent + called - start, spent_finishing + time.process_time() - called
        calls.append(spent / block * 1000)
        finishes.append(spent_finishing / block * 1000)
    return {"issue": sorted(issues)[2], "call_next": sorted(calls)[2], "finish": sorted(finishes)[2]}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", default="sqlite")
    parser.add_argument("--show", action="store_true", help="print every statement")
    parser.add_argument("--profile", type=int, default=0, help="profile this many issues (cProfile)")
    parser.add_argument("--cpu", type=int, default=0, help="CPU ms per issue, call-next and finish over this many")
    args = parser.parse_args(argv)
    for backend in args.backend.split(","):
        with bench_app(backend) as app:
            calls = api_calls(app.test_client())
            counted = count(app, calls)
            for what, seen in counted.items():
                print(f"sql_count {backend:<10} {what:<10} {len(seen)} statements", flush=True)
                if args.show:
                    for statement in seen:
                        print("    ", statement[:160])
            if args.cpu:
                for what, ms in cpu(calls, args.cpu).items():
                    print(f"cpu       {backend:<10} {what:<10} {ms:.2f} ms per request", flush=True)
            if args.profile:
                profile(app, args.profile).sort_stats("cumulative").print_stats(45)


if __name__ == "__main__":
    main()
