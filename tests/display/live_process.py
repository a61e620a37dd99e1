"""A Turnero server in its own process, so a test can kill it outright and start it again on the same port.

`python -m tests.display.live_process --db URL --instance DIR --port N --port-file F [--version V]` serves the
test configuration (same secret key, so the browser's session cookie stays valid across restarts). The first
start binds port 0 and writes the port the kernel gave to the port file; a restart binds that same port.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
from pathlib import Path

from tests import services

ROOT = Path(__file__).resolve().parents[2]


class ProcessServer:
    def __init__(self, db_url: str, instance: Path) -> None:
        self.db_url, self.instance = db_url, instance
        self.port = 0  # the first start lets the kernel choose; restarts keep it
        self.proc: subprocess.Popen | None = None
        self._started: list[subprocess.Popen] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, version: str = "1") -> None:
        port_file = self.instance / "server.port"
        port_file.unlink(missing_ok=True)
        log = open(self.instance / "server.log", "a")  # noqa: SIM115 - owned by the child
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.display.live_process", "--db", self.db_url, "--instance",
             str(self.instance), "--port", str(self.port), "--port-file", str(port_file), "--version", version],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        self._started.append(self.proc)
        try:
            self.port = services.wait_for_port_file(port_file, self.proc, timeout=120)  # a bound on failure only
        except services.ServiceUnavailable as error:
            raise RuntimeError(f"the server did not start: {error}\n{Path(log.name).read_text()[-3000:]}") from None

    def kill(self) -> None:
        """SIGKILL: no graceful shutdown, open WebSockets just drop, as in a crash."""
        if self.proc is not None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)
            self.proc = None

    def close(self) -> None:
        """Kill every process this server started, whatever state the test left it in."""
        self.kill()
        for proc in self._started:
            if proc.poll() is None:
                proc.kill()
                proc.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--instance", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--version", default="1")
    args = parser.parse_args()

    from werkzeug.serving import make_server

    from core.config import TestConfig
    from web.app import create_app

    config = type("Cfg", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": args.db, "INSTANCE_PATH": args.instance,
                                         "APP_VERSION": args.version})
    app = create_app(config)
    server = make_server("127.0.0.1", args.port, app, threaded=True)
    services.write_port_file(args.port_file, server.server_port)
    server.serve_forever()


if __name__ == "__main__":
    main()
