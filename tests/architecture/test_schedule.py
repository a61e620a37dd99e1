"""tests/schedule.py: its list of long tests names tests that exist, each worker's slice starts with its share
of them, and the browser modules are spread through the rest in pieces, each kind in its order."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tests import schedule

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Item:
    nodeid: str


def test_every_long_test_named_exists() -> None:
    missing = []
    for prefix in schedule.LONG:
        path, _, name = prefix.partition("::")
        source = ROOT / path
        if not source.is_file() or (name and f"def {name}" not in source.read_text()):
            missing.append(prefix)
    missing += [folder for folder in schedule.WAITING if not (ROOT / folder).is_dir()]
    assert not missing, f"tests/schedule.py names tests that no longer exist: {missing}"


def test_each_slice_gets_its_share_of_the_long_tests_first_and_ends_with_short_ones() -> None:
    long_ids = list(schedule.LONG)[:4]
    items = [Item(f"tests/x/test_{n}.py::test_short") for n in range(10)] + [Item(p + "t") for p in long_ids]
    schedule.order_for_workers(items, workers=2)
    first, second = items[:7], items[7:]  # xdist's worksteal deals 7 and 7
    for part in (first, second):
        long = [schedule.estimate(i) for i in part if schedule.estimate(i)]
        assert schedule.estimate(part[0]) == max(long), "a slice must begin with its longest test"
        assert long == sorted(long, reverse=True)
        assert not schedule.estimate(part[-1]), "a slice must end with a short test, what idle workers steal"
    loads = [sum(schedule.estimate(i) for i in part) for part in (first, second)]
    longest = max(schedule.estimate(i) for i in items)
    assert abs(loads[0] - loads[1]) <= longest, f"long work dealt unevenly: {loads}"
    short = [i.nodeid for i in items if not schedule.estimate(i)]
    assert sorted(short) == short, "the short tests keep their order within each slice"


def test_browser_modules_are_spread_through_the_run_each_module_whole() -> None:
    """In collection order the browser tests came in one block: the run ended with every worker waiting on
    Chromium. Interleaved, each quarter of the run holds about a quarter of the browser work."""
    items = [Item(f"tests/api/test_{m:02}.py::test_{n}") for m in range(30) for n in range(10)]
    items[30:30] = [Item(f"tests/browser/test_{m}.py::test_{n}") for m in range(4) for n in range(8)]
    interleaved = schedule.interleave(items)
    assert sorted(i.nodeid for i in interleaved) == sorted(i.nodeid for i in items)
    for kind in (True, False):
        assert [i for i in interleaved if schedule.waits(i) == kind] == [
            i for i in items if schedule.waits(i) == kind], "each kind keeps its collection order"
    names = [i.nodeid.partition("::")[0] for i in interleaved if not schedule.waits(i)]
    runs = [m for k, m in enumerate(names) if k == 0 or names[k - 1] != m]
    assert len(runs) == len(set(runs)), "a module's tests must stay together"
    pieces = [len(g) for g in schedule.modules([i for i in items if schedule.is_browser(i)])]
    assert pieces == [schedule.BROWSER_PIECE] * 8, "a browser module's tests come in pieces, in order"
    quarter = len(interleaved) // 4
    browser_per_quarter = [sum(schedule.waits(i) for i in interleaved[q * quarter:(q + 1) * quarter])
                           for q in range(4)]
    assert all(4 <= n <= 12 for n in browser_per_quarter), browser_per_quarter


def test_a_slice_finishes_its_browser_modules_before_its_end() -> None:
    items = [Item(f"tests/api/test_{m:02}.py::test_{n}") for m in range(20) for n in range(10)]
    items += [Item(f"tests/browser/test_{m}.py::test_{n}") for m in range(4) for n in range(5)]
    ordered = schedule.order_slice(items)
    assert sorted(i.nodeid for i in ordered) == sorted(i.nodeid for i in items)
    walls = [schedule.wall([i]) for i in ordered]
    last_browser = max(k for k, i in enumerate(ordered) if schedule.waits(i))
    assert sum(walls[last_browser + 1:]) >= schedule.COMPUTE_TAIL_SECONDS, "the end must compute"
    first_half = [i for i in ordered[:len(ordered) // 2]]
    assert 0 < sum(map(schedule.waits, first_half)) < len(first_half), "the rest mixes both kinds"
    assert ordered[0].nodeid.startswith("tests/browser/"), "waiting starts at once, beside the computing"
