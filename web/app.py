"""The application factory: it only wires. No DDL, no network calls, no prompts (STYLE.md §7.9)."""

from __future__ import annotations

import logging
import os
from datetime import timedelta

import click
from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

import web.rate_storage  # noqa: F401 - registers turnero-memory:// with limits, for the limiter below
from core import clock, pg_liveness
from core.config import ROOT, Config, DevConfig
from core.extensions import babel, db, limiter, login_manager, socketio
from core.printing import targets
from core.realtime import outbox, sessions
from core.sqlite import configure_sqlite, engine_options
from web import access, assets, logs, uploads, websocket_compression
from web.db_commands import db_commands


def _locale() -> str:
    from flask import session

    return session.get("lang") or "es_BO"


def create_app(config: type[Config] | None = None) -> Flask:
    config = config or (DevConfig if os.environ.get("TURNERO_ENV", "development") == "development" else Config)
    app = Flask("turnero", root_path=str(ROOT), template_folder="templates", static_folder="static",
                instance_path=config.INSTANCE_PATH, instance_relative_config=True)
    app.config.from_object(config)
    if not app.config.get("SECRET_KEY"):
        raise RuntimeError("SECRET_KEY no está definida: configúrela en el entorno (ver README, «Production»).")
    app.config.setdefault("PERMANENT_SESSION_LIFETIME", timedelta(days=30))
    # Production serving pages (`make run` copies them itself). A `flask` command (the nightly backup, a restore,
    # `db upgrade`) serves no page: it runs, under click's context, without them.
    if not app.testing and not issubclass(config, DevConfig) and click.get_current_context(silent=True) is None:
        assets.require_vendor()
    app.config["APP_VERSION"] = app.config["APP_VERSION"] or assets.version(ROOT)
    os.makedirs(app.instance_path, exist_ok=True)
    os.makedirs(targets.file_dir(app.instance_path, app.config["PRINTER_FILE_DIR"]), exist_ok=True)
    os.environ.setdefault("ESCPOS_CAPABILITIES_PICKLE_DIR", os.path.join(app.instance_path, "escpos-cache"))
    clock.configure(app.config["BUSINESS_TZ"])
    if not app.debug and not app.testing:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logs.install_werkzeug_filter()  # the development server's request lines, without ?token=

    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(
        app.config["SQLALCHEMY_DATABASE_URI"], app.config["SQLALCHEMY_ENGINE_OPTIONS"], app.config["SQLITE_POOL_SIZE"])
    db.init_app(app)
    with app.app_context():
        pg_liveness.check_on_checkout(db.engine)
        configure_sqlite(db.engine, app.config["SQLITE_BUSY_TIMEOUT"], app.config["SQLITE_CACHE_KIB"],
                         cooperative=app.config["SOCKETIO_ASYNC_MODE"] == "gevent",
                         synchronous=app.config["SQLITE_SYNCHRONOUS"])
    app.cli.add_command(db_commands)  # Flask-Migrate is imported when a db command runs
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Inicie sesión para continuar."
    uploads.install(app)  # before the CSRF check: it reads the body
    access.install_csrf(app)  # bearer calls skip it, cookie sessions never do
    limiter.init_app(app)
    babel.init_app(app, locale_selector=_locale, default_translation_directories=str(ROOT / "translations"))
    # Socket handlers must be declared while socketio is still unbound: Flask-SocketIO replays only the handlers
    # it collected then onto each new server, so a second app in one process (tests) would otherwise get none.
    _import_socket_handlers()
    if app.config["SOCKETIO_ASYNC_MODE"] == "gevent":
        from web import gevent_memory

        gevent_memory.install()  # a ping timer instead of a sleeping greenlet per socket
    # Our client manager (Redis when REDIS_URL is set): it can also disconnect a room on every instance.
    socketio.init_app(app, async_mode=app.config["SOCKETIO_ASYNC_MODE"],
                      client_manager=sessions.client_manager(app.config["REDIS_URL"]), ping_interval=10,
                      ping_timeout=20)
    outbox.install()
    app.wsgi_app = websocket_compression.without_compression(app.wsgi_app)  # type: ignore[method-assign]
    if app.config["PROXY_COUNT"]:  # outermost, so Socket.IO's middleware sees the client's address too
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXY_COUNT"], x_proto=app.config["PROXY_COUNT"])

    from cli import bp as cli_bp
    from web import errors, filters, headers, jsonio, urls

    filters.register(app)
    errors.register(app)
    headers.register(app)
    app.json = jsonio.StrictJSONProvider(app)
    app.url_map.converters["int"] = urls.IdConverter  # before any route is added
    app.register_blueprint(cli_bp)
    _register_blueprints(app)
    if app.config.get("PRINT_WORKER"):
        from core.printing import worker

        worker.install(app)  # threads start with the first request, never in `flask` commands
    return app


def _register_blueprints(app: Flask) -> None:
    from admin import bp as admin_bp
    from api import bp as api_bp
    from auth import bp as auth_bp
    from desk import bp as desk_bp
    from display import bp as display_bp
    from kiosk import bp as kiosk_bp

    for bp in (auth_bp, api_bp, kiosk_bp, display_bp, desk_bp, admin_bp):
        app.register_blueprint(bp)


def _import_socket_handlers() -> None:
    import admin.top10_events  # noqa: F401
    import desk.events  # noqa: F401
    import display.events  # noqa: F401
    import kiosk.events  # noqa: F401
    import web.sockets  # noqa: F401  (registers the Socket.IO handlers)
