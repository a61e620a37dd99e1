"""Who performs an action: a staff user, a device, or the system. Passed explicitly to every core function."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.roles import holds

if TYPE_CHECKING:
    from core.models import Device, User


@dataclass(frozen=True)
class Actor:
    kind: str  # user | device | system
    id: int | None
    name: str
    roles: frozenset[str] = frozenset()
    desk_id: int | None = None  # a survey tablet's desk
    area_id: int | None = None  # a panel's area

    @classmethod
    def of_user(cls, user: User) -> Actor:
        return cls("user", user.id, user.display_name, frozenset(user.roles))

    @classmethod
    def of_device(cls, device: Device) -> Actor:
        return cls("device", device.id, device.display_name, frozenset({f"device:{device.kind}"}),
                   device.desk_id, device.area_id)

    def has_role(self, *roles: str) -> bool:
        return holds(self.roles, roles)

    def is_device(self, kind: str) -> bool:
        return self.kind == "device" and f"device:{kind}" in self.roles


SYSTEM = Actor("system", None, "sistema", frozenset({"admin"}))


def console(login: str) -> Actor:
    """Whoever runs a `flask --app wsgi …` command on the server (the change log names them by their system login:
    create-user, create-device, create-token, revoke-token and seed change the office like an admin does)."""
    return Actor("system", None, f"consola del servidor ({login})", frozenset({"admin"}))
# The customer on the status page (/t/<token>): the ticket's secret link is their only credential.
CUSTOMER = Actor("customer", None, "página de la ficha")
# How a ticket's history names who acted, besides the person's or device's own name.
KIND_LABELS = {"user": "funcionario", "device": "dispositivo", "system": "sistema", "customer": "cliente"}
