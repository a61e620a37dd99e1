"""Many HTTP clients at once: threads spread over forked processes, as the issuing and kiosk-customer phases run
them (one process's GIL would make the clients, not the server, the limit)."""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from typing import Any

FORK = multiprocessing.get_context("fork")
PROCESSES = 4  # at most; each runs its share of the clients as threads


def on_threads(run: Callable[[int], None], count: int) -> None:
    """`run(0)` … `run(count - 1)` at once, each on a thread of its own, until all return."""
    workers = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()


def forked(target: Callable[..., None], clients: int, args: Callable[[int, int], tuple[Any, ...]]) -> list[Any]:
    """`clients` clients over up to PROCESSES processes: process n runs `target(*args(n, threads), out)` and puts
    one report on `out`. Returns the reports."""
    processes = min(clients, PROCESSES)
    out = FORK.Queue()
    spawned = []
    for n in range(processes):
        threads = clients // processes + (1 if n < clients % processes else 0)
        spawned.append(FORK.Process(target=target, args=(*args(n, threads), out)))
        spawned[-1].start()
    reports = [out.get(timeout=600) for _ in spawned]
    for proc in spawned:
        proc.join()
    return reports


def merged(reports: list[Any], start_at: float) -> tuple[list[float], list[int], float]:
    """The processes' reports, each (latencies in ms, failures, the time its last client ended, …), as one:
    every latency, every failure, and when the last client ended."""
    latencies = [ms for report in reports for ms in report[0]]
    failures = [code for report in reports for code in report[1]]
    return latencies, failures, max([start_at, *(report[2] for report in reports)])


def by_status(failures: list[int]) -> dict[str, int]:
    """What failed, by HTTP status (0: a reset or refused connection), e.g. {"429": 3}."""
    return {str(code): failures.count(code) for code in sorted(set(failures))}
