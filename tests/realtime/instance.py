"""A second (third…) Turnero server process for the multi-instance tests: same database, same Redis.

`python -m tests.realtime.instance DB_URL INSTANCE_DIR REDIS_URL PORT_FILE [limits-in-redis]` serves the app
with Werkzeug (threading mode, WebSocket through simple-websocket) on a port the kernel chooses, written to
PORT_FILE, as `running_instance()` starts it from a test. `limits-in-redis` keeps the rate-limit counters in that
Redis too, as production does.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from werkzeug.serving import make_server

from tests import services

ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def running_instance(db_url: str, redis_url: str, instance: Path, *, limits_in_redis: bool = False
                     ) -> Iterator[str]:
    """Start a server process and yield its base URL; stop it afterwards."""
    port_file = instance.with_suffix(".port")
    env = {**os.environ, "SECRET_KEY": os.environ.get("SECRET_KEY", "x"), "PYTHONPATH": str(ROOT)}
    log = open(instance.with_suffix(".log"), "w")  # noqa: SIM115 - kept open for the process's lifetime
    proc = subprocess.Popen([sys.executable, "-m", "tests.realtime.instance", db_url, str(instance), redis_url,
                             str(port_file), *(["limits-in-redis"] if limits_in_redis else [])], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    try:
        port = services.wait_for_port_file(port_file, proc, timeout=60)
        yield f"http://127.0.0.1:{port}"
    finally:
        services.stop(proc)
        log.close()


def main(db_url: str, instance: str, redis_url: str, port_file: str, *flags: str) -> None:
    from tests.apps import make_app

    overrides = {"RATELIMIT_STORAGE_URI": redis_url} if "limits-in-redis" in flags else {}
    app = make_app(db_url, Path(instance), REDIS_URL=redis_url, **overrides)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    services.write_port_file(port_file, server.server_port)
    server.serve_forever()


if __name__ == "__main__":
    main(*sys.argv[1:])
