"""«El Centro de Operaciones correspondiente» (seeds/001_…, steps 2, 10, 12): a case belongs to the centre its
damage reports name in «Zona / Centro de Operaciones» (`Top10Case.zone`), and a user of a centre role
(`core.roles.CENTRE_ROLES`) may belong to one (`User.operations_centre`; "" = every centre).

A user with a centre works that centre's cases in «Mi bandeja», the cases with no zone, and those of a centre where
nobody has that step's role (a centre not yet staffed, a user moved away): both would otherwise be nobody's, so every
user of the role sees them, marked. The technicians offered for a visit (steps 14, 18) are the case's centre's and
those with no centre, or every technician when that centre has none."""

from __future__ import annotations

from sqlalchemy import ColumnElement, select

from core import tx
from core.actors import Actor
from core.extensions import db
from core.models import DamageReport, Top10Case, User

NO_CENTRE = "Sin centro"  # how a case with no zone is marked


def of(actor: Actor) -> str:
    """The actor's centre, "" for every centre (a user without one, a device, the system)."""
    if actor.kind != "user" or actor.id is None:
        return ""
    user = db.session.get(User, actor.id)
    return user.operations_centre if user is not None else ""


def serves(centre: str, case: Top10Case) -> bool:
    """Whether someone of `centre` works this case: any centre serves a case with no zone, no centre serves all."""
    return not centre or not case.zone or case.zone == centre


def staffed(role: str) -> set[str]:
    """The centres where an active user has `role`, read once per transaction (a bandeja asks it for each of its
    steps, the week page for each of its cases)."""
    known = tx.memo("centres_staffed")
    if "users" not in known:
        known["users"] = [(user.operations_centre, user.roles) for user in db.session.scalars(
            select(User).where(User.active.is_(True), User.operations_centre != ""))]
    return {centre for centre, roles in known["users"] if role in roles}


def clause(centre: str, role: str) -> ColumnElement[bool]:
    """The cases a user of `centre` works in a step of `role` (for a centre that is not ""): their centre's, those
    with no zone, and those of a centre where nobody has `role`."""
    return (Top10Case.zone == centre) | (Top10Case.zone == "") | Top10Case.zone.not_in(staffed(role))


def works(centre: str, case: Top10Case, role: str) -> bool:
    """`clause` for one case."""
    return serves(centre, case) or case.zone not in staffed(role)


def known() -> list[str]:
    """Every centre named so far: the cases' and the damage reports' zones, and the centres users already have."""
    names: set[str] = set()
    for column in (Top10Case.zone, DamageReport.zone, User.operations_centre):
        names.update(value for value in db.session.scalars(select(column).distinct()) if value)
    return sorted(names)
