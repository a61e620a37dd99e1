"""Staff users, API tokens and device tokens. Tokens are shown once and stored as SHA-256 hashes.

Ending access ends what is open: a disabled user, a password reset or a sign-out raises the user's session
version (every session of that user ends, core/models/users.py) and disconnects their sockets; a revoked or
rotated device raises its token version (pages opened with the old token stop working) and disconnects its
sockets; a revoked API token disconnects the sockets it opened.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import ColumnElement, String, and_, bindparam, func, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import joinedload
from werkzeug.security import check_password_hash, generate_password_hash

from core import clock, lookups, tx
from core.errors import Invalid, NotFound
from core.extensions import db
from core.models import DEVICE_KINDS, ApiToken, Device, User
from core.offload import off_loop
from core.realtime import outbox, rooms
from core.roles import ROLES, unknown_roles
from core.tx import unit_of_work

logger = logging.getLogger(__name__)

MIN_PASSWORD = 10
SEEN_EVERY = timedelta(minutes=1)  # how stale a device's «visto por última vez» may be


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def generate_password() -> str:
    return secrets.token_urlsafe(12)


def hash_password(password: str) -> str:
    """The stored hash of a password, with the configured method (scrypt in production)."""
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def create_user(username: str, password: str, roles: list[str], *, full_name: str = "", is_demo: bool = False,
                operations_centre: str = "") -> User:
    username = username.strip()
    if not username or len(username) > 64:
        raise Invalid("El nombre de usuario es obligatorio (máximo 64 caracteres).")
    unknown = unknown_roles(roles)
    if unknown or not roles:
        raise Invalid(f"Rol desconocido: {', '.join(unknown) or '(ninguno)'}. Roles: {', '.join(ROLES)}.")
    if len(password) < MIN_PASSWORD:
        raise Invalid(f"La contraseña debe tener al menos {MIN_PASSWORD} caracteres.", code="weak_password")
    with unit_of_work():
        if db.session.scalar(select(User).where(func.lower(User.username) == username.lower())):
            raise Invalid(f"El usuario «{username}» ya existe.", code="user_exists")
        user = User(username=username, full_name=full_name, password_hash=hash_password(password),
                    roles_csv=",".join(sorted(set(roles))), is_demo=is_demo,
                    operations_centre=operations_centre.strip(), created_at=clock.now())
        db.session.add(user)
    return user


def set_password(username: str, password: str) -> User:
    if len(password) < MIN_PASSWORD:
        raise Invalid(f"La contraseña debe tener al menos {MIN_PASSWORD} caracteres.", code="weak_password")
    with unit_of_work():
        user = find_user(username)
        user.password_hash = hash_password(password)
        end_sessions(user)
    return user


def end_sessions(user: User) -> None:
    """Inside a unit of work: every session of `user` ends, and their sockets disconnect after the commit."""
    user.session_version = (user.session_version or 1) + 1
    outbox.disconnect_after_commit(rooms.user(user.id))


def sign_out(user_id: int) -> None:
    """Signing out ends every session of that user, on every PC (and their live sockets)."""
    with unit_of_work():
        user = db.session.get(User, user_id)
        if user is not None:
            end_sessions(user)


def user_for_session(user_id: str) -> User | None:
    """The user of a session or remember-me cookie holding User.get_id(), while that session is still valid."""
    ident, _, version = user_id.partition(":")
    if not ident.isdigit() or not version.isdigit():
        return None  # a session from before session versions: sign in again
    user = db.session.get(User, int(ident))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


def find_user(username: str) -> User:
    user = db.session.scalar(select(User).where(func.lower(User.username) == username.strip().lower()))
    if user is None:
        raise NotFound(f"No existe el usuario «{username}».", code="unknown_user")
    return user


def _dummy_hash() -> str:
    return _dummy_hash_for(current_app.config["PASSWORD_HASH_METHOD"])


@functools.cache
def _dummy_hash_for(method: str) -> str:
    """A hash of a random password made the way real ones are, so checking against it costs the same."""
    return generate_password_hash(secrets.token_urlsafe(16), method=method)


def authenticate(username: str, password: str) -> User | None:
    user = db.session.scalar(select(User).where(func.lower(User.username) == username.strip().lower()))
    # An unknown name costs the same password check as a known one, so timing does not tell which names exist.
    matches = off_loop(check_password_hash, user.password_hash if user is not None else _dummy_hash(), password)
    if user is None or not user.active or not matches:
        return None
    return user


def create_api_token(username: str) -> str:
    with unit_of_work():
        _row, token = new_api_token(find_user(username))
    return token


def new_api_token(user: User) -> tuple[ApiToken, str]:
    """Inside a unit of work: a new API token for `user` (its row, numbered, and the token, shown once)."""
    token = new_token()
    row = ApiToken(user_id=user.id, token_hash=hash_token(token), created_at=clock.now())
    db.session.add(row)
    db.session.flush()
    return row, token


def _live_token(hashed: Any) -> ColumnElement[bool]:
    return and_(ApiToken.token_hash == hashed, ApiToken.revoked_at.is_(None))


def live_device(hashed: Any) -> ColumnElement[bool]:
    """The device whose token hashes to `hashed`, unless revoked: the one rule every device lookup uses
    (a bearer token here, a panel's socket connect in core/panels/board.py)."""
    return and_(Device.token_hash == hashed, Device.revoked_at.is_(None))


def _serves(row: ApiToken | None, user: User | None) -> bool:
    """A live token row works while its user is active."""
    return row is not None and user is not None and user.active


def api_token(token: str) -> ApiToken | None:
    """The live API token row for `token` (not revoked, its user active)."""
    row = db.session.scalar(select(ApiToken).where(_live_token(hash_token(token)))
                            .options(joinedload(ApiToken.user)))  # every request asks for both: one query
    return row if row is not None and _serves(row, row.user) else None


def _caller_stmt() -> Any:
    probe = select(bindparam("hashed", type_=String(64)).label("hashed")).subquery()
    return (select(Device, ApiToken, User).select_from(probe)
            .outerjoin(Device, live_device(probe.c.hashed))
            .outerjoin(ApiToken, _live_token(probe.c.hashed))
            .outerjoin(User, User.id == ApiToken.user_id))


_CALLER = _caller_stmt()  # built once: every API request runs it (issue 13)


def caller_for_token(token: str) -> tuple[Device | None, User | None]:
    """The live device, else the active staff user, that a bearer token belongs to: both looked up in one query
    (every API request asks this)."""
    device, row, user = db.session.execute(_CALLER, {"hashed": hash_token(token)}).one()
    if device is not None:
        return device, None
    return None, (user if _serves(row, user) else None)


def list_tokens(username: str) -> list[ApiToken]:
    user = find_user(username)
    return tokens_of(user.id)


def tokens_of(user_id: int) -> list[ApiToken]:
    return list(db.session.scalars(select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.id)))


def revoke_token(token_id: int) -> ApiToken:
    """Revoke an API token (it stops working at once, and its sockets disconnect). Revoking twice is harmless."""
    with unit_of_work():
        row = db.session.get(ApiToken, token_id)
        if row is None:
            raise NotFound(f"No existe el token de API n.º {token_id}.", code="unknown_token")
        if row.revoked_at is None:
            row.revoked_at = clock.now()
            outbox.disconnect_after_commit(rooms.api_token(row.id))
    return row


def create_device(kind: str, name: str, *, area: str | None = None, desk: str | None = None) -> tuple[Device, str]:
    if kind not in DEVICE_KINDS:
        raise Invalid(f"Tipo de dispositivo desconocido: «{kind}». Tipos: {', '.join(DEVICE_KINDS)}.")
    if kind == "panel" and not area:
        raise Invalid("Un panel necesita su sala de espera (--area), o ALL para todas.", code="area_required")
    if kind == "survey" and not desk:
        raise Invalid("Una tableta de encuesta necesita su mesón (--desk).", code="desk_required")
    token = new_token()
    with unit_of_work():
        if db.session.scalar(select(Device).where(Device.name == name)):
            raise Invalid(f"Ya existe un dispositivo llamado «{name}».", code="device_exists")
        area_row = lookups.area(area) if area and area.upper() != "ALL" else None
        desk_row = lookups.desk(desk) if desk else None
        device = Device(kind=kind, name=name, area_id=area_row.id if area_row else None,
                        desk_id=desk_row.id if desk_row else None, token_hash=hash_token(token),
                        created_at=clock.now())
        db.session.add(device)
    return device, token


def device_for_token(token: str, *kinds: str) -> Device | None:
    device = db.session.scalar(select(Device).where(live_device(hash_token(token))))
    if device is None or (kinds and device.kind not in kinds):
        return None
    return device


def device_for_session(device_id: int, token_version: object, *kinds: str) -> Device | None:
    """The device a page's session remembers, while it is not revoked and its token has not changed since."""
    device = db.session.get(Device, device_id)
    if device is None or device.revoked_at is not None or device.token_version != token_version:
        return None
    if kinds and device.kind not in kinds:
        return None
    return device


def _end_device_sessions(device: Device) -> None:
    device.token_version = (device.token_version or 1) + 1
    outbox.disconnect_after_commit(rooms.device(device.id))


def revoke_device(device_id: int) -> Device:
    with unit_of_work():
        device = db.session.get(Device, device_id)
        if device is None:
            raise NotFound("Dispositivo no encontrado.")
        device.revoked_at = device.revoked_at or clock.now()
        _end_device_sessions(device)
    return device


def rotate_device_token(device_id: int) -> str:
    """A new token; the old one, and every page and socket opened with it, stop working at once. A revoked
    device stays revoked: register a new one instead."""
    token = new_token()
    with unit_of_work():
        device = db.session.get(Device, device_id)
        if device is None:
            raise NotFound("Dispositivo no encontrado.")
        if device.revoked_at is not None:
            raise Invalid(f"El dispositivo «{device.name}» está revocado y no vuelve a habilitarse: registre uno "
                          "nuevo.", code="device_revoked")
        device.token_hash = hash_token(token)
        _end_device_sessions(device)
    return token


def touch_device(device_id: int, now: datetime | None = None) -> None:
    """Record that a device is in use (shown in admin as «Visto por última vez»)."""
    with unit_of_work():
        db.session.execute(update(Device).where(Device.id == device_id).values(last_seen_at=now or clock.now()))


def seen_due(device: Device, now: datetime) -> bool:
    """Whether a device's «visto por última vez» is more than SEEN_EVERY old. The time read with the device's
    row decides, so a device at work writes it at most once a minute whatever the process, and a kiosk's issue
    or a panel's reconnect in between adds no statement to its hot path."""
    last = device.last_seen_at
    return last is None or now - clock.as_utc(last) >= SEEN_EVERY


def seen(device: Device, now: datetime | None = None) -> None:
    """A device was identified (its page, its API call, its socket): record it when due (`seen_due`), and try at
    most once a minute per device in this process. The record is only informative: it never waits for the write
    lock another process holds (an import, a backup: `tx.impatient`), and a write that fails is logged and left
    to the next minute while the request goes on."""
    now = now or clock.now()
    if not seen_due(device, now):
        return
    tried: dict[int, datetime] = current_app.extensions.setdefault("turnero_devices_seen", {})
    last_try = tried.get(device.id)
    if last_try is not None and timedelta(0) <= now - last_try < SEEN_EVERY:
        return
    tried[device.id] = now
    try:
        with tx.impatient():
            touch_device(device.id, now)
    except SQLAlchemyError as error:
        logger.warning("device %s: last seen not recorded: %s", device.id, error)


@dataclass(frozen=True)
class Credential:
    """What a live socket was admitted with, checked again while it stays open (web/socket_sweep.py): a device
    and its token version, a user's signed-in session and its session version, or an API token."""

    kind: str  # "device" | "session" | "api_token"
    id: int
    version: int | None = None


def device_credential(device: Device) -> Credential:
    return Credential("device", device.id, device.token_version)


def session_credential(user: User) -> Credential:
    return Credential("session", user.id, user.session_version)


def token_credential(row: ApiToken) -> Credential:
    return Credential("api_token", row.id)


def ended(credentials: Iterable[Credential]) -> set[Credential]:
    """Those that no longer admit anyone: a device revoked or given a new token, a user disabled or signed out
    everywhere (a new session version), an API token revoked or its user disabled. One query per kind present.
    The same rules as at connect (identify, device_for_session, user_for_session), read again."""
    by_kind: dict[str, set[Credential]] = {}
    for credential in credentials:
        by_kind.setdefault(credential.kind, set()).add(credential)
    live: set[Credential] = set()
    if devices := by_kind.get("device"):
        live.update(Credential("device", id_, version) for id_, version in db.session.execute(
            select(Device.id, Device.token_version)
            .where(Device.id.in_({c.id for c in devices}), Device.revoked_at.is_(None))))
    if sessions := by_kind.get("session"):
        live.update(Credential("session", id_, version) for id_, version in db.session.execute(
            select(User.id, User.session_version)
            .where(User.id.in_({c.id for c in sessions}), User.active.is_(True))))
    if tokens := by_kind.get("api_token"):
        live.update(Credential("api_token", id_) for id_ in db.session.scalars(
            select(ApiToken.id).join(User, User.id == ApiToken.user_id)
            .where(ApiToken.id.in_({c.id for c in tokens}), ApiToken.revoked_at.is_(None), User.active.is_(True))))
    return {credential for kinds in by_kind.values() for credential in kinds} - live
