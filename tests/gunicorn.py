"""The README's production command in a test: `gunicorn -k web.gevent_worker.GeventWorker -w 1 wsgi:app` with the
production configuration from the environment, serving on a socket the test bound to port 0 (no race for the port)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import IO

import requests

from tests import services
from web.gevent_worker import WORKER_CLASS

ROOT = Path(__file__).resolve().parents[1]


def start(db_url: str, instance: Path, listener: socket.socket, *options: str, redis_url: str = "",
          stdout: int | IO = subprocess.DEVNULL, stderr: int | IO = subprocess.PIPE,
          settings: dict[str, str] | None = None) -> subprocess.Popen:
    """gunicorn serving on `listener` (handed over as `--bind fd://N`; the caller may close its copy);
    `options` are more gunicorn arguments, `settings` more environment. With `redis_url`, Socket.IO's message
    queue and the rate-limit counters are in that Redis, as on several production instances. The master and its
    worker share a new process group, so `kill_group` can kill the whole instance at once."""
    env = {**os.environ, "SECRET_KEY": "gunicorn-test-key", "DATABASE_URL": db_url, "TURNERO_ENV": "production",
           "TURNERO_INSTANCE": str(instance), "SOCKETIO_ASYNC_MODE": "gevent", "PRINT_WORKER": "false",
           "SESSION_COOKIE_SECURE": "false"}
    env.pop("REDIS_URL", None)
    env.pop("RATELIMIT_STORAGE_URI", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    env.update(settings or {})  # e.g. PRINT_WORKER=true, as `make run` and a one-instance office run it
    gunicorn = Path(sys.executable).parent / "gunicorn"
    return subprocess.Popen([str(gunicorn), "--worker-class", WORKER_CLASS, "--workers", "1", "--bind",
                             f"fd://{listener.fileno()}", "--graceful-timeout", "2", *options, "wsgi:app"],
                            cwd=ROOT, env=env, stdout=stdout, stderr=stderr, pass_fds=(listener.fileno(),),
                            start_new_session=True)


def wait_ready(url: str, proc: subprocess.Popen | None = None, timeout: float = 60.0) -> None:
    """The master listens before the worker has imported the app: wait for a real answer."""
    def answers() -> bool:
        if proc is not None and proc.poll() is not None:
            raise services.ServiceUnavailable(f"gunicorn exited ({proc.returncode}) before answering")
        try:
            return requests.get(url, timeout=5).status_code == 200
        except requests.RequestException:
            return False

    services.wait_until(answers, timeout, f"gunicorn answering {url}", interval=0.2)

