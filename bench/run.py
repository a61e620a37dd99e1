"""`make bench`: every benchmark, one after another, each printing its numbers."""

from __future__ import annotations

from bench import http_load, issue_and_call, printer_faults, socket_fanout, sql_count


def main() -> None:
    # scale1 (one instance on PostgreSQL + Redis) is what the two instances of `scale` are compared with.
    http_load.main(["--config", "sqlite,scale1,scale", "--json", "bench/results.json"])
    issue_and_call.main([])
    socket_fanout.main([])
    printer_faults.main([])
    sql_count.main(["--backend", "sqlite,postgresql"])


if __name__ == "__main__":
    main()
