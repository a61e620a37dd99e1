"""`make bench`: every benchmark, one after another, each printing its numbers."""

from __future__ import annotations

from bench import issue_and_call, printer_faults, socket_fanout


def main() -> None:
    issue_and_call.main([])
    socket_fanout.main([])
    printer_faults.main([])


if __name__ == "__main__":
    main()
