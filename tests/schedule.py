"""The order the xdist workers run the tests in: the long tests first, spread over the workers, so no worker ends
the run alone with one of them; and the browser tests spread through the run, so the cores stay busy.

`--dist worksteal` hands worker k the k-th contiguous slice of the collection and lets idle workers steal from
the end of the others' slices. A test of a minute that lands at the end of a slice runs while the other
workers have finished, and a run whose last tests all wait (on Chromium) leaves the cores idle. Here each slice
gets its share of the long tests (largest first, to the slice with the least long work so far) and of the
browser modules; it starts with its longest test, mixes the tests that wait with those that compute, and ends
with short tests that compute (`order_slice`). Each module's tests stay together. An estimate that has gone
stale only costs balance, never a result.
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


# Wall seconds of a test, for spreading them (a whole run, per test, by folder). A browser test mostly waits (on
# Chromium, its page, the live server): about 0.4 of a core. So do the tests of the folders in WAITING, on
# servers and processes they start, on printers that do not answer and on sockets; the rest mostly compute.
BROWSER_SECONDS = 3.2
WAITING = {"tests/realtime/": 1.6, "tests/deploy/": 2.0, "tests/jobs/": 1.0, "tests/faults/": 5.0,
           "tests/printing/": 0.3, "tests/printers/": 0.05}
OTHER_SECONDS = 0.2
# Each worker's slice ends with about this many estimated seconds of short tests that compute: what idle workers
# steal at the end of the run. (Tests that wait are spread evenly over the rest: an idle core costs the same
# at the start as at the end.)
COMPUTE_TAIL_SECONDS = 20.0
# Browser modules are dealt in pieces of at most this many tests: a whole one (test_kiosk.py: 25 tests, ~100 s)
# was too coarse to share out, and the run ended with every worker in it. Only the session's browser and pages are
# shared, so a piece costs nothing; a module of this size or less (test_panel_sound.py's own browser) stays whole.
BROWSER_PIECE = 4

Group = list[pytest.Item]


def is_browser(item: pytest.Item) -> bool:
    marker = getattr(item, "get_closest_marker", None)
    return marker("browser") is not None if marker else item.nodeid.startswith("tests/browser/")


def waits(item: pytest.Item) -> bool:
    return is_browser(item) or item.nodeid.startswith(tuple(WAITING))


def seconds(item: pytest.Item) -> float:
    if is_browser(item):
        return BROWSER_SECONDS
    return next((s for folder, s in WAITING.items() if item.nodeid.startswith(folder)), OTHER_SECONDS)


def wall(group: Group) -> float:
    return sum(estimate(i) or seconds(i) for i in group)


def modules(items: list[pytest.Item]) -> list[Group]:
    """The items grouped by module, in order: a module's tests stay together (its fixtures are set up once),
    except a browser module's, in pieces of BROWSER_PIECE."""
    groups: dict[str, Group] = {}
    for item in items:
        groups.setdefault(item.nodeid.partition("::")[0], []).append(item)
    pieces = []
    for group in groups.values():
        size = BROWSER_PIECE if is_browser(group[0]) else len(group)
        pieces.extend(group[k:k + size] for k in range(0, len(group), size))
    return pieces


def merge(waiting: list[Group], computing: list[Group]) -> list[pytest.Item]:
    """The two kinds of groups merged, each in its order, so that every stretch of the run mixes them by time: the
    kind that is behind its share goes next."""
    kinds = (waiting, computing)
    totals = (sum(map(wall, waiting)) or 1.0, sum(map(wall, computing)) or 1.0)
    done, taken, merged = [0.0, 0.0], [0, 0], []
    while taken[0] < len(waiting) or taken[1] < len(computing):
        waiting_left, computing_left = taken[0] < len(waiting), taken[1] < len(computing)
        waiting_behind = done[0] / totals[0] <= done[1] / totals[1]
        k = 0 if waiting_left and (waiting_behind or not computing_left) else 1
        merged.extend(kinds[k][taken[k]])
        done[k] += wall(kinds[k][taken[k]])
        taken[k] += 1
    return merged


def interleave(items: list[pytest.Item]) -> list[pytest.Item]:
    """The test modules that wait spread evenly among those that compute, by estimated wall time. In collection
    order the 170 browser tests came in one block, and the run ended with every worker waiting on Chromium."""
    groups = modules(items)
    return merge([g for g in groups if waits(g[0])], [g for g in groups if not waits(g[0])])


def order_slice(items: list[pytest.Item]) -> list[pytest.Item]:
    """One worker's slice: its long tests (largest first; they mostly wait) and its modules that wait, mixed with
    those that compute, then COMPUTE_TAIL_SECONDS of tests that compute. The slice starts with its longest test
    and ends with short ones."""
    long = sorted((i for i in items if estimate(i)), key=estimate, reverse=True)
    groups = modules([i for i in items if not estimate(i)])
    computing = [g for g in groups if not waits(g[0])]
    tail: list[Group] = []
    tail_seconds = 0.0
    while computing and tail_seconds < COMPUTE_TAIL_SECONDS:
        tail.insert(0, computing.pop())
        tail_seconds += wall(tail[0])
    mixed = merge([[i] for i in long] + [g for g in groups if waits(g[0])], computing)
    return mixed + [item for group in tail for item in group]


def order_for_workers(items: list[pytest.Item], workers: int) -> None:
    """Reorder `items` in place: each worker's slice gets its share of the long tests (dealt largest first to the
    slice with the least long work) and of the modules that wait, and is ordered by `order_slice`."""
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
    rest = iter(interleave([i for i in items if id(i) not in chosen]))
    for k, size in enumerate(sizes):
        slices[k].extend(next(rest) for _ in range(size - len(slices[k])))
    items[:] = [item for s in slices for item in order_slice(s)]
