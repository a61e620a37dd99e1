"""Errors answered once per surface: JSON `{"error": {"code", "message"}}` under /api (and to scripts that ask
for JSON), an error page elsewhere; a domain error raised while a page's form is posted goes back to that page
with the message flashed."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from flask import Flask, current_app, flash, g, jsonify, redirect, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, PendingRollbackError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from core.errors import DomainError
from core.extensions import db, login_manager
from core.sqlite import is_busy

logger = logging.getLogger(__name__)

MESSAGES = {
    400: ("bad_request", "La solicitud no es válida."),
    401: ("unauthorized", "Debe identificarse: inicie sesión o use un token válido."),
    403: ("forbidden", "No tiene permiso para esta acción."),
    404: ("not_found", "No se encontró lo que busca."),
    405: ("method_not_allowed", "Método no permitido."),
    413: ("too_large", "El archivo es demasiado grande."),
    415: ("unsupported_media_type", "Envíe los datos como JSON."),
    429: ("too_many_requests", "Demasiados intentos: espere un momento y vuelva a intentar."),
    500: ("server_error", "Ocurrió un error interno. Intente nuevamente."),
    503: ("busy", "El sistema está ocupado en este momento: intente de nuevo."),
}
# The database server is down, restarting or unreachable: the request wrote nothing (its transaction died with
# the connection), so the same request can be sent again once it is back; the pool reconnects by itself.
DB_UNAVAILABLE = ("db_unavailable", "La base de datos no responde en este momento: intente de nuevo en unos segundos.")


HTTPS_REQUIRED = "Este servidor solo acepta el ingreso por HTTPS ({url}): por HTTP el navegador no guarda la sesión."


def _secure_cookie_over_http(error: CSRFError) -> bool:
    """The form's session was never kept because the cookie is HTTPS-only (SESSION_COOKIE_SECURE, on under
    TURNERO_ENV=production) and this page came over plain HTTP: the browser dropped the cookie, so every form,
    the sign-in's first, is refused. «El formulario expiró» sent people to reload, which never helps."""
    return (current_app.config["SESSION_COOKIE_SECURE"] and not request.is_secure
            and error.description == "The CSRF session token is missing.")


def _https_url() -> str:
    host = urlsplit(request.url).hostname or request.host
    return f"https://{f'[{host}]' if ':' in host else host}{request.full_path.rstrip('?')}"


def _size(count: int) -> str:
    return f"{count // 2**20} MB" if count >= 2**20 else f"{max(1, count // 1024)} kB"


def wants_json() -> bool:
    """JSON under /api/, or when the client prefers JSON and does not take HTML (`Accept: application/json`)."""
    return request.path.startswith("/api/") or (
        request.accept_mimetypes.best == "application/json" and not request.accept_mimetypes.accept_html
    )


def _is_form_post() -> bool:
    return request.method == "POST" and not wants_json() and not request.is_json


def back_url() -> str:
    """Where a refused form goes back to: the page it was posted from (same host only), else the nearest page
    at or above the posted address (`/admin/salas/3/eliminar` → `/admin/salas/3`), else the root."""
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc == request.host and referrer.path:
        return referrer.path + (f"?{referrer.query}" if referrer.query else "")
    adapter = current_app.url_map.bind(request.host)
    path = request.path.rstrip("/")
    while path:
        try:
            adapter.match(path, method="GET")
            return request.script_root + path
        except RequestRedirect as moved:  # the page is the same address with a trailing slash
            return request.script_root + urlsplit(moved.new_url).path
        except HTTPException:
            path = path.rpartition("/")[0]
    return request.script_root + "/"


def error_response(status: int, code: str, message: str, details: object = None):
    if wants_json():
        body: dict = {"error": {"code": code, "message": message}}
        if details is not None:
            body["error"]["details"] = details
        return jsonify(body), status
    return render_template("errors/error.html", status=status, message=message), status


def _unreachable(error: DBAPIError) -> bool:
    """The server went away or refuses connections (PostgreSQL stopped, restarting, network cut), as opposed to
    a bug in a statement. SQLite's other operational errors (no such table, disk I/O) stay 500s."""
    if error.connection_invalidated:
        return True
    dialect = db.engine.dialect.name
    return dialect != "sqlite" and isinstance(error, OperationalError | InterfaceError)


def _database_down():
    """503 «La base de datos no responde…». The page is drawn as for someone not signed in: its header would load
    the signed-in user from the database (Flask-Login's template context does), and fail again."""
    g._login_user = login_manager.anonymous_user()
    return error_response(503, *DB_UNAVAILABLE)


def rollback() -> None:
    try:
        db.session.rollback()
    except DBAPIError:  # the connection is gone already: nothing to roll back
        db.session.invalidate()


def register(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def _domain(error: DomainError):
        db.session.rollback()
        if _is_form_post():
            flash(error.message, "error")
            return redirect(back_url())
        return error_response(error.status, error.code, error.message, error.details)

    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError):
        if _secure_cookie_over_http(error):
            logger.warning("form refused on %s: plain HTTP, and SESSION_COOKIE_SECURE keeps the session cookie "
                           "to HTTPS", request.path)
            return error_response(400, "https_required", HTTPS_REQUIRED.format(url=_https_url()))
        return error_response(400, "csrf",
                              "El formulario expiró o no es válido: recargue la página e intente de nuevo.")

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        status = error.code or 500
        code, message = MESSAGES.get(status, ("error", error.description or "Error."))
        if status == 413 and request.max_content_length:
            message = f"{message[:-1]}: el máximo es {_size(request.max_content_length)}."
        return error_response(status, code, message)

    @app.errorhandler(DBAPIError)
    def _database(error: DBAPIError):
        if isinstance(error, OperationalError) and is_busy(error.orig):
            # SQLite stayed locked past its busy timeout: nothing was written, so the same request (the kiosk
            # retries with its idempotency key) can simply be sent again.
            rollback()
            logger.warning("database busy on %s", request.path)
            return error_response(503, *MESSAGES[503])
        if not _unreachable(error):
            return _unexpected(error)
        rollback()
        logger.error("database unavailable on %s: %s", request.path, error.orig)
        return _database_down()

    @app.errorhandler(PendingRollbackError)
    def _connection_lost_earlier(error: PendingRollbackError):
        # The connection died under an earlier statement of this request whose error was swallowed (the rate
        # limiter's key lookup: RATELIMIT_SWALLOW_ERRORS); SQLAlchemy then refuses to reconnect mid-transaction.
        if "reconnect" not in str(error):  # the other kind: a flush failed earlier, a bug
            return _unexpected(error)
        rollback()
        logger.error("database connection lost on %s", request.path)
        return _database_down()

    @app.errorhandler(PoolTimeout)
    def _pool_exhausted(error: PoolTimeout):
        rollback()
        logger.error("no database connection free on %s", request.path)
        return error_response(503, *MESSAGES[503])

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        db.session.rollback()
        logger.exception("unhandled error on %s", request.path)
        code, message = MESSAGES[500]
        return error_response(500, code, message)

    @login_manager.user_loader
    def _load_user(user_id: str):
        from core.people import users

        return users.user_for_session(user_id)  # checks the session version: sign-out ends every session

    @login_manager.unauthorized_handler
    def _unauthorized():
        from flask import redirect, url_for

        if wants_json():
            return error_response(401, *MESSAGES[401])
        return redirect(url_for("auth.login", next=request.full_path))
