"""gunicorn settings read from the working directory (the repository root): access logs without device tokens."""

logger_class = "web.logs.GunicornLogger"
# gunicorn ≥ 24 opens a control socket, by default one path per user (~/.gunicorn/gunicorn.ctl): the instances of
# one host (turnero@.service) took it from each other. Nothing here uses it, and it cost each master a thread and
# ~2 MB (the benchmark's master 31 → 30 MB; issue 13's memory target counts the master).
control_socket_disable = True


def post_worker_init(worker: object) -> None:
    """Move the loaded app's objects (SQLAlchemy's mappers, compiled statements, the catalogue…) out of the
    garbage collector's reach: a full collection no longer walks them. Measured in-process (bench/README,
    «Hot path, session 4»): the collector's share of an issue fell from ~1.0 ms to ~0.1 ms of CPU."""
    import gc

    gc.freeze()


def worker_exit(server: object, worker: object) -> None:
    """A worker that stops (a restart, a deploy, Ctrl+C on `make run`) hands the «print-worker» lease over on its
    way out. Without this the lease outlived it by up to 30 s, and every kiosk ticket of a restart waited that
    long for its printout."""
    from core.printing import worker as print_worker

    print_worker.stop_all()
