"""Who may call a view: staff roles (session or bearer token) and devices (device token).

`identify()` is the one answer to "who is calling", for pages, the JSON API and Socket.IO `connect`
(web/sockets.py). A device presents its token once (`?token=` on its start URL, `Authorization: Bearer`, or
Socket.IO `auth`); pages remember the device in the signed session cookie.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask, abort, current_app, g, redirect, request, session, url_for
from flask_login import current_user

from core import tx
from core.actors import Actor
from core.extensions import csrf
from core.models import Device, User
from core.people import users
from core.roles import ADMINS
from web.errors import wants_json


@dataclass(frozen=True)
class Caller:
    staff: User | None = None
    device: Device | None = None

    @property
    def known(self) -> bool:
        return self.staff is not None or self.device is not None


def identify(token: str | None) -> Caller:
    """Who is calling. An explicit token (a bearer header, or Socket.IO `auth.token`) decides alone: a device's
    or a staff user's, and a wrong one identifies nobody (a browser's cookie never stands in for it, since a
    bearer call skips the CSRF check). Without a token, the session: the device it remembers and the signed-in
    user, either or both."""
    with tx.lone_read():  # on SQLite without a BEGIN of its own, when it begins the request's transaction
        if token:
            device, staff = users.caller_for_token(token)  # one query for either
        else:
            device = None
            if "device_id" in session:  # while the device is not revoked and its token has not changed since
                device = users.device_for_session(session["device_id"], session.get("device_version"))
            staff = current_user._get_current_object() if current_user.is_authenticated else None
    if device is not None:
        users.seen(device)  # «Visto por última vez» in admin: once a minute at most, no statement in between
    return Caller(staff=staff, device=device)


def request_caller() -> Caller:
    """identify() for this HTTP request's own credentials, asked once per request: the rate limit asks first,
    then the view's decorator."""
    if "caller" not in g:
        g.caller = identify(bearer_token())
    return g.caller


def rate_key() -> str:
    """Whose budget a request spends. Each device and each staff user has its own, so the kiosks, panels and
    desks of an office behind one proxy do not share one; anyone else is counted by the client's address (the
    real one behind the proxy, PROXY_COUNT)."""
    caller = request_caller()
    if caller.device is not None:
        return f"device:{caller.device.id}"
    if caller.staff is not None:
        return f"user:{caller.staff.id}"
    return f"address:{request.remote_addr}"


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return None


def install_csrf(app: Flask) -> None:
    """The one CSRF rule, for every route (/api/v1, the screens' own JSON calls, forms): CSRF protects cookie
    sessions, so a POST must carry the page's token unless its credential is a bearer token. Another site cannot
    make a browser send an `Authorization` header, and `identify` never lets the cookie stand in for a bearer
    token. Flask-WTF's own check cannot tell the two apart, so it is turned off and this one runs in its place."""
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    csrf.init_app(app)
    app.before_request(_csrf_unless_bearer)


def _csrf_unless_bearer() -> None:
    # No endpoint: an unknown address stays a 404, as under Flask-WTF's own check.
    if current_app.config["WTF_CSRF_ENABLED"] and request.endpoint is not None and bearer_token() is None:
        csrf.protect(apply_exemptions=True)  # a view marked @csrf.exempt stays exempt; refused: web/errors.py


def remember_device(device: Device) -> None:
    session["device_id"] = device.id
    session["device_version"] = device.token_version  # a new token or a revocation ends this session
    session.permanent = True
    users.seen(device)


def actor() -> Actor:
    """The actor of this request, set by the decorators below."""
    return g.actor


def _admit(staff: User | None = None, device: Device | None = None) -> None:
    g.actor = Actor.of_user(staff) if staff is not None else Actor.of_device(device)
    g.device = device


def _refuse(caller: Caller) -> Any:
    if not caller.known and not wants_json():
        return redirect(url_for("auth.login", next=request.full_path))
    abort(403 if caller.known else 401)  # 401: say who you are; 403: known, but not allowed


def _staff_roles(view: Callable, roles: tuple[str, ...]) -> Callable:
    view.staff_roles = roles  # what `may_open` reads: the menus show a page to those it admits
    return view


def role_required(*roles: str, devices: tuple[str, ...] = ()) -> Callable:
    """Staff with any of `roles` (admin always), or a device of the given kinds."""

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            caller = request_caller()
            if caller.staff is not None and caller.staff.has_role(*roles):
                _admit(staff=caller.staff)
            elif caller.device is not None and caller.device.kind in devices:
                _admit(device=caller.device)
            else:
                return _refuse(caller)
            return view(*args, **kwargs)

        return _staff_roles(wrapped, roles)

    return decorator


def device_required(*kinds: str, staff_roles: tuple[str, ...] = ADMINS) -> Callable:
    """A device of one of `kinds`; pages accept `?token=` once and remember it. Staff with
    `staff_roles` may open the page too (to set it up or check it)."""

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            token = request.args.get("token")
            if token:
                device = users.device_for_token(token, *kinds)
                if device is None:
                    abort(401)
                remember_device(device)
                query = {k: v for k, v in request.args.items() if k != "token"}
                return redirect(url_for(request.endpoint, **(request.view_args or {}), **query))
            caller = request_caller()
            if caller.device is not None and caller.device.kind in kinds:
                _admit(device=caller.device)
            elif caller.staff is not None and caller.staff.has_role(*staff_roles):
                _admit(staff=caller.staff)
            else:
                abort(403 if caller.known else 401)
            return view(*args, **kwargs)

        return _staff_roles(wrapped, staff_roles)

    return decorator


def may_open(endpoint: str) -> bool:
    """Whether the signed-in person may open that page, by the roles its decorator names (for menus)."""
    roles = getattr(current_app.view_functions.get(endpoint), "staff_roles", None)
    return roles is not None and current_user.is_authenticated and current_user.has_role(*roles)
