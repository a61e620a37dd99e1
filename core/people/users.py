"""Staff users, API tokens and device tokens. Tokens are shown once and stored as SHA-256 hashes."""

from __future__ import annotations

import hashlib
import secrets

from flask import current_app
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from core import clock, lookups
from core.errors import Invalid, NotFound
from core.extensions import db
from core.models import DEVICE_KINDS, ApiToken, Device, User
from core.roles import ROLES, unknown_roles
from core.tx import unit_of_work

MIN_PASSWORD = 10


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def generate_password() -> str:
    return secrets.token_urlsafe(12)


def hash_password(password: str) -> str:
    """The stored hash of a password, with the configured method (scrypt in production)."""
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def create_user(username: str, password: str, roles: list[str], *, full_name: str = "", is_demo: bool = False) -> User:
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
                    roles_csv=",".join(sorted(set(roles))), is_demo=is_demo, created_at=clock.now())
        db.session.add(user)
    return user


def set_password(username: str, password: str) -> User:
    if len(password) < MIN_PASSWORD:
        raise Invalid(f"La contraseña debe tener al menos {MIN_PASSWORD} caracteres.", code="weak_password")
    with unit_of_work():
        user = find_user(username)
        user.password_hash = hash_password(password)
    return user


def find_user(username: str) -> User:
    user = db.session.scalar(select(User).where(func.lower(User.username) == username.strip().lower()))
    if user is None:
        raise NotFound(f"No existe el usuario «{username}».", code="unknown_user")
    return user


def authenticate(username: str, password: str) -> User | None:
    user = db.session.scalar(select(User).where(func.lower(User.username) == username.strip().lower()))
    if user is None or not user.active or not check_password_hash(user.password_hash, password):
        return None
    return user


def create_api_token(username: str) -> str:
    token = new_token()
    with unit_of_work():
        user = find_user(username)
        db.session.add(ApiToken(user_id=user.id, token_hash=hash_token(token), created_at=clock.now()))
    return token


def user_for_token(token: str) -> User | None:
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(token),
                                                   ApiToken.revoked_at.is_(None)))
    return row.user if row is not None and row.user.active else None


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
    device = db.session.scalar(select(Device).where(Device.token_hash == hash_token(token),
                                                    Device.revoked_at.is_(None)))
    if device is None or (kinds and device.kind not in kinds):
        return None
    return device


def revoke_device(device_id: int) -> Device:
    with unit_of_work():
        device = db.session.get(Device, device_id)
        if device is None:
            raise NotFound("Dispositivo no encontrado.")
        device.revoked_at = clock.now()
    return device


def rotate_device_token(device_id: int) -> str:
    token = new_token()
    with unit_of_work():
        device = db.session.get(Device, device_id)
        if device is None:
            raise NotFound("Dispositivo no encontrado.")
        device.token_hash = hash_token(token)
        device.revoked_at = None
    return token


def touch_device(device_id: int) -> None:
    """Record that a device presented its token (shown in admin as «visto por última vez»)."""
    with unit_of_work():
        device = db.session.get(Device, device_id)
        if device is not None:
            device.last_seen_at = clock.now()
