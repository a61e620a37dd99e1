"""Start the long tests first, spread over the xdist workers, so no worker ends the run alone with one of them.

`--dist worksteal` hands worker k the k-th contiguous slice of the collection and lets idle workers steal from
the end of the others' slices. A test of a minute that lands at the end of a slice runs while the other
workers have finished. Here each slice begins with its share of the long tests (largest first, to the slice
with the least long work so far); every other test keeps its place in the collection order, so a module's tests
stay together. An estimate that has gone stale only costs balance, never a result.
"""

from __future__ import annotations

import pytest

# Seconds a test takes on the 2-core CI machine under a full run (pytest --durations), by node id prefix.
LONG: dict[str, float] = {
    "tests/faults/test_network_cut.py::": 65,
    "tests/deploy/test_bench_smoke.py::": 30,
    "tests/fuzz/test_no_5xx.py::test_admin_forms": 26,
    "tests/jobs/test_worker_processes.py::": 25,
    "tests/browser/test_top10.py::test_every_top10_page_passes_axe": 25,
    "tests/faults/test_instance_killed.py::": 20,
    "tests/browser/test_kiosk_touch.py::test_every_button_of_every_screen": 18,
    "tests/faults/test_database_outage.py::test_issuing_through": 19,
    "tests/tickets/test_concurrent_calls.py::test_two_desks_calling_next_at_once": 28,
    "tests/realtime/test_live_clients.py::test_call_through_instance_a": 13,
    "tests/browser/test_panel_database_outage.py::": 15,
    "tests/browser/test_kiosk.py::test_every_screen_is_accessible": 14,
    "tests/browser/test_panel_restart.py::": 12,
    "tests/realtime/test_redis_down.py::": 12,
    "tests/browser/test_panel_desk.py::test_history_lists": 12,
    "tests/jobs/test_print_wake.py::": 12,
    "tests/browser/test_survey_tablet.py::test_finish_at_the_desk": 11,
    "tests/tickets/test_numbering_concurrency.py::test_processes": 10,
    "tests/faults/test_redis_restart.py::": 10,
    "tests/realtime/test_ending_sessions.py::test_revoking_on_instance_a": 10,
    "tests/browser/test_admin_devices.py::": 10,
    "tests/deploy/test_gunicorn.py::": 8,
    "tests/deploy/test_gunicorn_import.py::": 8,
}


def estimate(item: pytest.Item) -> float:
    return next((seconds for prefix, seconds in LONG.items() if item.nodeid.startswith(prefix)), 0.0)


def slice_sizes(count: int, workers: int) -> list[int]:
    """The slices xdist's worksteal scheduler deals out at the start (xdist/scheduler/worksteal.py)."""
    sizes, left = [], count
    for i in range(workers):
        sizes.append(left // (workers - i))
        left -= sizes[-1]
    return sizes


def spread_long_tests(items: list[pytest.Item], workers: int) -> None:
    """Reorder `items` in place: each worker's slice starts with its share of the long tests."""
    if workers < 2 or len(items) < workers:
        return
    sizes = slice_sizes(len(items), workers)
    long = sorted((i for i in items if estimate(i)), key=estimate, reverse=True)
    chosen = {id(i) for i in long}
    slices: list[list[pytest.Item]] = [[] for _ in sizes]
    loads = [0.0] * workers
    for item in long:
        open_ = [k for k in range(workers) if len(slices[k]) < sizes[k]]
        k = min(open_, key=lambda s: loads[s])
        slices[k].append(item)
        loads[k] += estimate(item)
    rest = iter(i for i in items if id(i) not in chosen)
    for k, size in enumerate(sizes):
        slices[k].extend(next(rest) for _ in range(size - len(slices[k])))
    items[:] = [item for s in slices for item in s]
