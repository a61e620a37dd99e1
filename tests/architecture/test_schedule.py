"""tests/schedule.py: its list of long tests names tests that exist, and each worker's slice starts with its share
of them while every other test keeps its collection order."""

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
    assert not missing, f"tests/schedule.py names tests that no longer exist: {missing}"


def test_each_slice_starts_with_its_share_of_the_long_tests() -> None:
    long_ids = list(schedule.LONG)[:4]
    items = [Item(f"tests/x/test_{n}.py::test_short") for n in range(10)] + [Item(p + "t") for p in long_ids]
    short_order = [i.nodeid for i in items if not schedule.estimate(i)]
    schedule.spread_long_tests(items, workers=2)
    first, second = items[:7], items[7:]  # xdist's worksteal deals 7 and 7
    for part in (first, second):
        marks = [schedule.estimate(i) > 0 for i in part]
        assert marks[0] and marks == sorted(marks, reverse=True), "a slice must begin with its long tests"
    loads = [sum(schedule.estimate(i) for i in part) for part in (first, second)]
    longest = max(schedule.estimate(i) for i in items)
    assert abs(loads[0] - loads[1]) <= longest, f"long work dealt unevenly: {loads}"
    assert [i.nodeid for i in items if not schedule.estimate(i)] == short_order
