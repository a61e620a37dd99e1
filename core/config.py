"""Configuration from the environment. No secret has a default here: production refuses to start without one."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "si", "sí", "on"}


class Config:
    INSTANCE_PATH = os.environ.get("TURNERO_INSTANCE", str(ROOT / "instance"))
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL") or f"sqlite:///{INSTANCE_PATH}/turnero.db"
    # Bound values stay out of SQL error messages, so an account number or CI never reaches a log line.
    # No pool_pre_ping: a PostgreSQL connection that died with a database restart is still replaced when it is
    # checked out, so the first requests after PostgreSQL comes back succeed, but without a round trip per checkout
    # (core/pg_liveness.py, installed by the factory).
    SQLALCHEMY_ENGINE_OPTIONS = {"hide_parameters": True}
    # Connections a SQLite file database keeps for reuse (core/sqlite.py engine_options): as many as requests a
    # gevent worker usually has in flight at once, so none is opened per request; each costs ~0.3–0.4 MB.
    SQLITE_POOL_SIZE = int(os.environ.get("SQLITE_POOL_SIZE", "20"))
    # SQLite's page cache per pooled connection, in KiB (core/sqlite.py configure_sqlite says why it is small).
    SQLITE_CACHE_KIB = int(os.environ.get("SQLITE_CACHE_KIB", "512"))
    # How long a write waits for SQLite's lock before the request answers 503 «intente de nuevo».
    SQLITE_BUSY_TIMEOUT = float(os.environ.get("SQLITE_BUSY_TIMEOUT", "15"))
    # FULL: a commit is on disk before the kiosk shows its number (core/sqlite.py DURABILITY: why; NORMAL's risk).
    SQLITE_SYNCHRONOUS = os.environ.get("SQLITE_SYNCHRONOUS", "FULL").strip().upper()
    REDIS_URL = os.environ.get("REDIS_URL") or None
    # How often each server process checks that its open sockets' credentials still stand (web/socket_sweep.py).
    SOCKET_SWEEP_EVERY_S = float(os.environ.get("SOCKET_SWEEP_EVERY_S", "30"))
    # Explicit: auto-detection would pick gevent whenever it is importable (ECOSYSTEM.md).
    SOCKETIO_ASYNC_MODE = os.environ.get("SOCKETIO_ASYNC_MODE", "threading")
    BUSINESS_TZ = os.environ.get("BUSINESS_TZ", "America/La_Paz")
    BABEL_DEFAULT_LOCALE = "es_BO"
    BABEL_DEFAULT_TIMEZONE = BUSINESS_TZ
    LANGUAGES = ["es_BO"]
    BRANCH_CODE = os.environ.get("BRANCH_CODE", "CM")
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "")

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", True)
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    REMEMBER_COOKIE_HTTPONLY = True
    WTF_CSRF_TIME_LIMIT = None  # kiosk and desk screens stay open all day
    # werkzeug's method string for staff passwords; scrypt is slow on purpose (≈160 ms a hash).
    PASSWORD_HASH_METHOD = "scrypt"
    # After each kiosk screen change, taps are ignored this long (static/kiosk/screens.js): the second tap of a double
    # tap must not choose what the new screen put under the finger.
    KIOSK_SETTLE_MS = int(os.environ.get("KIOSK_SETTLE_MS", "450"))
    # ...and for this long a touch at the spot of the touch that changed the screen is still ignored: a slow double
    # tap (0.5–0.9 s) issued an «Adulto mayor» ticket from under «Sí, continuar».
    KIOSK_ARRIVING_TAP_MS = int(os.environ.get("KIOSK_ARRIVING_TAP_MS", "1500"))

    # turnero-memory: limits' memory storage without its timer per request (web/rate_storage.py).
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI") or os.environ.get("REDIS_URL") or "turnero-memory://"
    RATELIMIT_HEADERS_ENABLED = True
    # Redis down must not turn every request into a 500: count in memory until it answers again (each
    # instance on its own meanwhile), and never fail a request over the counters themselves.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    RATELIMIT_STORAGE_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 1}
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute")  # per client address
    # Per device or staff user (anyone else per client address): web/access.py rate_key.
    API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "600 per minute")
    ACCOUNT_CHECK_RATE_LIMIT = os.environ.get("ACCOUNT_CHECK_RATE_LIMIT", "30 per minute")
    # Reverse proxies in front (nginx: 1). Their X-Forwarded-For/-Proto then give the client's address (rate
    # limits per client, not per proxy) and the scheme; 0 ignores those headers, which anyone can send.
    PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))

    ACCOUNT_LOOKUP_URL = os.environ.get("ACCOUNT_LOOKUP_URL") or None
    ACCOUNT_LOOKUP_TIMEOUT = float(os.environ.get("ACCOUNT_LOOKUP_TIMEOUT", "2.0"))

    PRINT_WORKER = _bool("PRINT_WORKER", True)
    # Where «file» printers may write (relative to the instance folder, never outside it), and which addresses
    # network printers may be (empty: any but loopback, link-local, unspecified). core/printing/targets.py.
    PRINTER_FILE_DIR = os.environ.get("PRINTER_FILE_DIR", "printer-files")
    PRINTER_NETWORK_ALLOW = os.environ.get("PRINTER_NETWORK_ALLOW", "")
    PRINT_MAX_ATTEMPTS = int(os.environ.get("PRINT_MAX_ATTEMPTS", "4"))
    PRINT_RETRY_BASE_SECONDS = float(os.environ.get("PRINT_RETRY_BASE_SECONDS", "2"))
    PRINT_POLL_SECONDS = float(os.environ.get("PRINT_POLL_SECONDS", "0.5"))
    PRINT_HEALTH_SECONDS = float(os.environ.get("PRINT_HEALTH_SECONDS", "30"))
    # Scheduled jobs run in one process at a time (core/jobs/lease.py): a stand-by takes over a dead holder's
    # lease within about 1⅓ of this.
    JOB_LEASE_SECONDS = float(os.environ.get("JOB_LEASE_SECONDS", "30"))
    TTS_COMMAND = os.environ.get("TTS_COMMAND", "espeak-ng")
    TTS_VOICE = os.environ.get("TTS_VOICE", "es-419")

    # Panels reload when it changes. Unset: a digest of static/ and templates/, so every deploy that changes what
    # browsers run changes it (web/assets.py).
    APP_VERSION = os.environ.get("APP_VERSION", "")
    MAX_CONTENT_LENGTH = 60 * 1024 * 1024  # the largest upload: a panel video (50 MB) plus the form
    # Smartflex imports (core/imports). An upload over IMPORT_MAX_BYTES is answered 413 before its body is read
    # (web/uploads.py); reading stops past IMPORT_MAX_ROWS rows; an XLSX may not unpack to more than
    # IMPORT_MAX_UNPACKED_BYTES; a file with more text than IMPORT_INLINE_MAX_BYTES imports in the background.
    IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_MB", "32")) * 1024 * 1024
    IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "200000"))
    IMPORT_MAX_UNPACKED_BYTES = int(os.environ.get("IMPORT_MAX_UNPACKED_MB", "256")) * 1024 * 1024
    IMPORT_INLINE_MAX_BYTES = int(os.environ.get("IMPORT_INLINE_MAX_KB", "512")) * 1024
    # The scheduled Top 10 import (`flask import-folder`, core/imports/folder.py): its folder, unset = off.
    TOP10_IMPORT_DIR = os.environ.get("TOP10_IMPORT_DIR") or None
    # Demo data never goes into a production database (TURNERO_ENV other than development: web/app.py).
    DEMO_DATA = False


class DevConfig(Config):
    """`make run`: SQLite, a virtual printer, plain HTTP on 127.0.0.1."""

    DEMO_DATA = True  # `flask seed --demo`: users with printed passwords, fake accounts and Top 10 cases

    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", False)
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE


class TestConfig(Config):
    TESTING = True
    DEMO_DATA = True
    SECRET_KEY = "test-only-not-a-secret"  # noqa: S105 - test configuration, never loaded in production
    SQLALCHEMY_DATABASE_URI = os.environ.get("TURNERO_TEST_DATABASE_URL") or "sqlite://"
    REDIS_URL = None
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    RATELIMIT_STORAGE_URI = "turnero-memory://"
    RATELIMIT_ENABLED = True
    PRINT_WORKER = False
    PRINTER_NETWORK_ALLOW = "127.0.0.1"  # the tests' fake printers listen on loopback
    WTF_CSRF_ENABLED = True
    # One PBKDF2 round: the tests create hundreds of users and check their sign-in, never the hash's cost.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1"
    # The kiosk's settle time, shorter: the browser tests wait for it before every tap, as a customer would, and
    # their double taps run on Playwright's fake clock (tests/browser/test_kiosk_touch.py), so its length is not
    # what they check. At 450 ms the cores idled while the workers waited (a whole run: 12–14 % idle, now 8–9 %).
    KIOSK_SETTLE_MS = 150
    KIOSK_ARRIVING_TAP_MS = 150  # the same (a test of it sets its own): the tests tap each screen once it settled
