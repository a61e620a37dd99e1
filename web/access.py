"""Who may call a view: staff roles (session or bearer token) and devices (device token).

The same checks serve pages, the JSON API and Socket.IO `connect`. A device presents its token once
(`?token=` on its start URL, `Authorization: Bearer`, or Socket.IO `auth`); pages remember the device in
the signed session cookie.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from flask import abort, g, redirect, request, session, url_for
from flask_login import current_user

from core.actors import Actor
from core.models import Device, User
from core.people import users


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return None


def current_device(*kinds: str) -> Device | None:
    token = bearer_token()
    device = users.device_for_token(token, *kinds) if token else None
    if device is None and "device_id" in session:
        device = users.device_for_session(session["device_id"], session.get("device_version"), *kinds)
    return device


def remember_device(device: Device) -> None:
    session["device_id"] = device.id
    session["device_version"] = device.token_version  # a new token or a revocation ends this session
    session.permanent = True
    users.touch_device(device.id)


def current_staff() -> User | None:
    if current_user.is_authenticated:
        return current_user._get_current_object()
    token = bearer_token()
    return users.user_for_token(token) if token else None


def actor() -> Actor:
    """The actor of this request, set by the decorators below."""
    return g.actor


def _is_api() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def role_required(*roles: str, devices: tuple[str, ...] = ()) -> Callable:
    """Staff with any of `roles` (admin always), or a device of the given kinds."""

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            staff = current_staff()
            if staff is not None and staff.has_role(*roles):
                g.actor = Actor.of_user(staff)
                return view(*args, **kwargs)
            device = current_device(*devices) if devices else None
            if device is not None:
                g.actor = Actor.of_device(device)
                g.device = device
                return view(*args, **kwargs)
            identified = staff is not None or current_device() is not None
            if not identified and not _is_api():
                return redirect(url_for("auth.login", next=request.full_path))
            abort(403 if identified else 401)  # 401: say who you are; 403: known, but not allowed

        return wrapped

    return decorator


def device_required(*kinds: str, staff_roles: tuple[str, ...] = ("admin",)) -> Callable:
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
            device = current_device(*kinds)
            if device is not None:
                g.actor = Actor.of_device(device)
                g.device = device
                return view(*args, **kwargs)
            staff = current_staff()
            if staff is not None and staff.has_role(*staff_roles):
                g.actor = Actor.of_user(staff)
                g.device = None
                return view(*args, **kwargs)
            abort(403 if staff is not None or current_device() is not None else 401)

        return wrapped

    return decorator
