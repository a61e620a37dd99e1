"""Managing staff users and devices from admin. Passwords and tokens are returned once, never stored in clear.

Builds on core/users.py (the same functions the CLI uses) and adds the rules an admin screen needs: roles
can change, users are disabled rather than deleted (their names stay in the ticket history), and an admin
cannot lock themselves out.
"""

from __future__ import annotations

import logging

from sqlalchemy import func, select

from core import validation
from core.actors import Actor
from core.errors import Invalid, NotFound
from core.extensions import db
from core.models import DEVICE_KINDS, ApiToken, Device, User
from core.org import changes
from core.people import users
from core.roles import ADMINS, ROLES, require, unknown_roles
from core.tickets import desk_shifts
from core.tx import unit_of_work

logger = logging.getLogger(__name__)

DEVICE_LABELS = {"kiosk": "Kiosco", "panel": "Panel de sala", "printer": "Impresora", "survey": "Tableta de encuesta"}
# What the change log compares (core/org/changes.py): never a password or a token.
USER_FIELDS = {"username": "Usuario", "full_name": "Nombre completo", "roles": "Roles",
               "operations_centre": "Centro de Operaciones"}
DEVICE_FIELDS = {"kind": "Tipo", "name": "Nombre", "area": "Sala de espera", "desk": "Mesón"}


def _user_state(user: User) -> dict[str, object]:
    return {"username": user.username, "full_name": user.full_name or "",
            # In core/roles.py's order: `User.roles` is a set, and its order changed from one process to the next.
            "roles": [ROLES[role] for role in ROLES if role in user.roles],
            "operations_centre": user.operations_centre or ""}


def _user_change(actor: Actor, user: User, action: str, lines: list[str]) -> None:
    changes.record(actor, "user", action, code=user.username, name=user.display_name, lines=lines)


def _device_change(actor: Actor, device: Device, action: str, lines: list[str]) -> None:
    changes.record(actor, "device", action, code=DEVICE_LABELS.get(device.kind, device.kind), name=device.name,
                   lines=lines)


def _roles(roles: list[str]) -> list[str]:
    chosen = sorted(set(roles))
    if not chosen:
        raise Invalid("Elija al menos un rol.", code="roles_required")
    unknown = unknown_roles(chosen)
    if unknown:
        raise Invalid(f"Rol desconocido: {', '.join(unknown)}.", code="unknown_role")
    return chosen


def _user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("El usuario no existe.")
    return user


def _check(actor: Actor) -> None:
    require(actor, ADMINS, "Solo un administrador gestiona usuarios y dispositivos.")


def _centre(value: str) -> str:
    """The user's Centro de Operaciones ("" = every centre), spelled as the damage reports' «Zona» names it."""
    return validation.text(value, "Centro de Operaciones", max_len=120, required=False)


def create_user(username: str, *, full_name: str, roles: list[str], password: str | None,
                actor: Actor, operations_centre: str = "") -> tuple[User, str]:
    """Create a user with the typed password, or a generated one when none is typed. Returns it once."""
    _check(actor)
    full_name = validation.text(full_name, "Nombre completo", max_len=120, required=False)
    password = password or users.generate_password()
    with unit_of_work():
        user = users.create_user(username, password, _roles(roles), full_name=full_name,
                                 operations_centre=_centre(operations_centre))
        db.session.flush()
        changes.saved(actor, "user", before=None, after=_user_state(user), labels=USER_FIELDS, code=user.username,
                      name=user.display_name)
    logger.info("user %s created by %s", user.username, actor.name)
    return user, password


ROLE_TAKEN_AWAY = "Se le quitó un rol: sus sesiones abiertas se cerraron y vuelve a identificarse."


def takes_a_role_away(user: User, roles: list[str]) -> bool:
    """Whether saving `roles` for `user` takes one away, which signs them out everywhere (update_user)."""
    return bool(user.roles - set(roles))


def update_user(user_id: int, *, full_name: str, roles: list[str], actor: Actor,
                operations_centre: str | None = None) -> User:
    """Name, roles and (unless None) the Centro de Operaciones. Taking a role away signs the person out everywhere,
    as a password reset does: their open screens say «Esta pantalla ya no tiene acceso» and they sign in again
    with what they now hold (a reception screen stayed usable-looking until its next action was refused)."""
    _check(actor)
    full_name = validation.text(full_name, "Nombre completo", max_len=120, required=False)
    chosen = _roles(roles)
    centre = None if operations_centre is None else _centre(operations_centre)
    with unit_of_work():
        user = _user(user_id)
        if user.id == actor.id and "admin" in user.roles and "admin" not in chosen:
            raise Invalid("No puede quitarse a sí mismo el rol de administrador.", code="self_lockout")
        before, lost = _user_state(user), takes_a_role_away(user, chosen)
        user.full_name, user.roles_csv = full_name, ",".join(chosen)
        if centre is not None:
            user.operations_centre = centre
        change = changes.saved(actor, "user", before=before, after=_user_state(user), labels=USER_FIELDS,
                               code=user.username, name=user.display_name)
        if lost:
            users.end_sessions(user)
            desk_shifts.release_agent(user.id, actor)  # the desks held in their name close, as at «Salir»
            if change is not None:
                change.summary += f"\n{ROLE_TAKEN_AWAY}"
    logger.info("user %s updated by %s", user.username, actor.name)
    return user


def set_active(user_id: int, active: bool, *, actor: Actor) -> User:
    """Disabled users cannot sign in, their sessions end, their open screens disconnect, their API tokens stop
    working and their desks close (desk_shifts.release_agent); their history stays. Enabling them again does not revive
    the old sessions."""
    _check(actor)
    with unit_of_work():
        user = _user(user_id)
        if user.id == actor.id and not active:
            raise Invalid("No puede desactivar su propio usuario.", code="self_lockout")
        if user.active and not active:
            users.end_sessions(user)
            # Nobody is left at their desks: each closes (one with a customer stays, for a supervisor to finish).
            desk_shifts.release_agent(user.id, actor)
        if user.active != active:
            _user_change(actor, user, "activate" if active else "deactivate",
                         [f"Activo: {changes.shown(user.active)} → {changes.shown(active)}"])
        user.active = active
    logger.info("user %s %s by %s", user.username, "enabled" if active else "disabled", actor.name)
    return user


def reset_password(user_id: int, password: str | None, *, actor: Actor) -> tuple[User, str]:
    _check(actor)
    password = password or users.generate_password()
    if len(password) < users.MIN_PASSWORD:
        raise Invalid(f"La contraseña debe tener al menos {users.MIN_PASSWORD} caracteres.", code="weak_password")
    with unit_of_work():
        user = _user(user_id)
        user.password_hash = users.hash_password(password)
        users.end_sessions(user)  # whoever knew the old password is signed out everywhere
        desk_shifts.release_agent(user.id, actor)  # and the desks held in their name close, as at «Salir»
        _user_change(actor, user, "password_reset", ["Contraseña restablecida: sus sesiones abiertas se cerraron."])
    logger.info("password of %s reset by %s", user.username, actor.name)
    return user, password


def create_device(kind: str, name: str, *, area: str = "", desk: str = "", actor: Actor) -> tuple[Device, str]:
    _check(actor)
    name = validation.text(name, "Nombre del dispositivo", max_len=80)
    if kind not in DEVICE_KINDS:
        raise Invalid("Elija el tipo de dispositivo.", code="invalid_kind")
    with unit_of_work():
        device, token = users.create_device(kind, name, area=(area or None) if kind == "panel" else None,
                                            desk=(desk or None) if kind == "survey" else None)
        db.session.flush()
        state = {"kind": DEVICE_LABELS.get(device.kind, device.kind), "name": device.name,
                 "area": device.area.name if device.area else ("Todas las salas" if kind == "panel" else ""),
                 "desk": device.desk.name if device.desk else ""}
        _device_change(actor, device, "create", changes.listed(state, DEVICE_FIELDS))
    logger.info("device %s created by %s", device.display_name, actor.name)
    return device, token


def rotate_token(device_id: int, *, actor: Actor) -> tuple[Device, str]:
    """A new token: the old one, and the pages and sockets opened with it, stop working at once. A revoked device
    is refused (it stays revoked)."""
    _check(actor)
    with unit_of_work():
        token = users.rotate_device_token(device_id)
        device = db.session.get(Device, device_id)
        _device_change(actor, device, "token_rotated", ["Token renovado: el anterior dejó de servir."])
    logger.info("device %s token rotated by %s", device_id, actor.name)
    return device, token


def revoke(device_id: int, *, actor: Actor) -> Device:
    _check(actor)
    with unit_of_work():
        found = db.session.get(Device, device_id)
        was_revoked = found is not None and found.revoked_at is not None
        device = users.revoke_device(device_id)
        if not was_revoked:
            _device_change(actor, device, "revoke", ["Revocado: su token dejó de servir."])
    logger.info("device %s revoked by %s", device_id, actor.name)
    return device


def revoke_token(user_id: int, token_id: int, *, actor: Actor) -> None:
    """Revoke one of this user's API tokens (users.revoke_token: it stops at once, its sockets disconnect)."""
    _check(actor)
    with unit_of_work():
        user = _user(user_id)
        mine = {row.id: row for row in user_tokens(user.id)}
        if token_id not in mine:
            raise NotFound("Ese token no es de este usuario.", code="unknown_token")
        if mine[token_id].revoked_at is None:
            _user_change(actor, user, "token_revoked", [f"Token de API n.º {token_id} revocado."])
        users.revoke_token(token_id)
    logger.info("api token %s of user %s revoked by %s", token_id, user_id, actor.name)


def create_api_token(username: str, *, actor: Actor) -> str:
    """A new API token for that user (`flask create-token`), shown once; the log says it was made, never what."""
    _check(actor)
    with unit_of_work():
        user = users.find_user(username)
        row, token = users.new_api_token(user)
        _user_change(actor, user, "token_created", [f"Token de API n.º {row.id} creado."])
    logger.info("api token of user %s created by %s", user.username, actor.name)
    return token


def revoke_any_token(token_id: int, *, actor: Actor) -> None:
    """Revoke an API token known by its number alone (`flask revoke-token`, from `list-tokens`)."""
    row = db.session.get(ApiToken, token_id)
    if row is None:
        raise NotFound(f"No existe el token de API n.º {token_id}.", code="unknown_token")
    revoke_token(row.user_id, token_id, actor=actor)


def user_tokens(user_id: int) -> list[ApiToken]:
    return users.tokens_of(user_id)


def active_token_counts() -> dict[int, int]:
    """user id → how many API tokens still work (the users list)."""
    rows = db.session.execute(select(ApiToken.user_id, func.count(ApiToken.id))
                              .where(ApiToken.revoked_at.is_(None)).group_by(ApiToken.user_id))
    return {user_id: count for user_id, count in rows}


def user_list() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.active.desc(), User.username)))


def device_list() -> list[Device]:
    return list(db.session.scalars(select(Device).order_by(Device.kind, Device.name)))
