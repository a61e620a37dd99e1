"""What a web server process leaves out of its memory until it needs it (issue 13's «≤ 150 MB with 500 panels»,
bench/README.md «Session 22: memory», «Session 23»): ~22 MB of libraries a single SQLite instance loaded at start
and used rarely or never. Each is still loaded, whole, by the first request that needs it (the QR, a logo or panel
image, the Smartflex HTTP lookup, printing, PostgreSQL, Redis); their own tests cover that."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from core.config import ROOT

# A module of each library that its import runs: present means the library was loaded.
LEFT_OUT = {
    "PIL.Image": "Pillow (images: logos, panel media, printed tickets)",
    "qrcode": "qrcode (the QR of a ticket's status page)",
    "requests.sessions": "requests (the Smartflex HTTP lookup; python-socketio's client)",
    "urllib3": "urllib3 (requests' transport)",
    "websocket._core": "websocket-client (python-socketio's client)",
    "yaml.loader": "PyYAML (python-escpos's printer database, read from its pickle)",
    "escpos": "python-escpos (printing)",
    "sqlalchemy.dialects.postgresql": "SQLAlchemy's PostgreSQL dialect (on a SQLite database)",
    "redis.client": "redis (Socket.IO's message queue and the print worker's wake-up, with REDIS_URL only)",
}


def test_a_sqlite_server_starts_without_the_libraries_it_uses_rarely(tmp_path: Path) -> None:
    env = {**os.environ, "SECRET_KEY": "server-imports-test-key", "DATABASE_URL": f"sqlite:///{tmp_path / 't.db'}",
           "TURNERO_INSTANCE": str(tmp_path / "instance"), "TURNERO_ENV": "production",
           "SOCKETIO_ASYNC_MODE": "gevent"}
    env.pop("REDIS_URL", None)
    code = ("from gevent import monkey; monkey.patch_all()\n"
            "import json, sys, wsgi\n"
            f"print(json.dumps(sorted(name for name in {sorted(LEFT_OUT)!r} if name in sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    assert out.returncode == 0, out.stderr
    loaded = json.loads(out.stdout.strip().splitlines()[-1])
    assert [LEFT_OUT[name] for name in loaded] == []


def test_an_instance_with_redis_builds_socket_io_s_real_redis_queue() -> None:
    """The Redis queues' modules wait as stand-ins (web/deferred_imports.py); Flask-SocketIO, given REDIS_URL, calls
    `socketio.RedisManager(…)` and must get python-socketio's own queue, working against a real Redis (the
    two-instance tests in tests/faults and tests/deploy use it)."""
    code = ("import sys, web, socketio\n"
            "assert 'redis.client' not in sys.modules\n"
            "queue = socketio.RedisManager('redis://127.0.0.1:9/0', write_only=True)\n"
            "real = sys.modules['socketio.redis_manager'].RedisManager\n"
            "aio = socketio.AsyncRedisManager('redis://127.0.0.1:9/0', write_only=True)\n"
            "print(type(queue) is real, isinstance(queue, socketio.PubSubManager), type(aio).__name__,\n"
            "      type(sys.modules['redis']).__name__, 'redis.client' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", "True", "AsyncRedisManager", "module", "True"]
