"""A Turnero server in its own process, so a test can kill it outright and start it again on the same port.

`python -m tests.display.live_process --db URL --instance DIR --port N [--version V]` serves the test
configuration (same secret key, so the browser's session cookie stays valid across restarts).
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from tests import services

ROOT = Path(__file__).resolve().parents[2]


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


class ProcessServer:
    def __init__(self, db_url: str, instance: Path, port: int | None = None) -> None:
        self.db_url, self.instance = db_url, instance
        self.port = port or services.free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def start(self, version: str = "1") -> None:
        log = open(self.instance / f"server-{self.port}.log", "a")  # noqa: SIM115 - owned by the child
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.display.live_process", "--db", self.db_url, "--instance",
             str(self.instance), "--port", str(self.port), "--version", version],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        deadline = time.monotonic() + 30
        while not _listening(self.port):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start: see {log.name}\n{Path(log.name).read_text()[-3000:]}")
            time.sleep(0.1)

    def kill(self) -> None:
        """SIGKILL: no graceful shutdown, open WebSockets just drop, as in a crash."""
        if self.proc is not None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)
            self.proc = None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--instance", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--version", default="1")
    args = parser.parse_args()

    from werkzeug.serving import make_server

    from core.config import TestConfig
    from web.app import create_app

    config = type("Cfg", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": args.db, "INSTANCE_PATH": args.instance,
                                         "APP_VERSION": args.version})
    app = create_app(config)
    make_server("127.0.0.1", args.port, app, threaded=True).serve_forever()


if __name__ == "__main__":
    main()
