"""Whose Top 10 cases a person reads: a case's page and its steps (`readable_case`), and the figures of «Casos por
estado» on «Mi bandeja» (`status_counts`), each person's own, with the words that say whose they are. One rule
(`scope`) for both, so a case a person's counts leave out is also a page they cannot open by typing its address.

- A technician with no other Top 10 role: the cases given to him and those his «Mi bandeja» holds.
- A user of a Centro de Operaciones whose Top 10 roles are all centre roles: that centre's cases by the rule of
  the inbox (centres.clause: the centre's, those with no zone, those of a centre where nobody has the role).
- Everyone else (the central roles, a centre role with no centre, the supervisor): every centre.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, false, func, or_, select

from core.actors import Actor
from core.errors import Forbidden
from core.extensions import db
from core.models import Top10Case
from core.roles import CENTRE_ROLES, TOP10_LIST_READERS
from core.top10 import centres
from core.top10.cases import STATUSES
from core.top10.detection import get_case, work_queue


@dataclass(frozen=True)
class Scope:
    label: str  # whose cases, as «Casos por estado» names them
    note: str  # the sentence under that title
    where: ColumnElement[bool] | None  # None: every case


def _own_cases(actor: Actor) -> ColumnElement[bool]:
    """A technician's cases: given to him, or in his «Mi bandeja»."""
    given = Top10Case.assigned_user_id == actor.id if actor.id is not None else false()
    return given | Top10Case.id.in_([case.id for case in work_queue(actor)])


def scope(actor: Actor) -> Scope:
    if not actor.has_role(*TOP10_LIST_READERS):
        return Scope("sus casos", "Solo los casos que se le asignaron y los de su bandeja.", _own_cases(actor))
    centre = centres.of(actor)
    local = [role for role in TOP10_LIST_READERS if actor.has_role(role)]
    if not centre or any(role not in CENTRE_ROLES for role in local):
        return Scope("todos los centros", "Todos los casos Top 10, de todos los centros de operaciones.", None)
    return Scope(f"Centro de Operaciones «{centre}»", "Los casos de su centro, los sin zona y los de un centro donde "
                 "nadie tiene su rol, como en «Mi bandeja»; no los de otros centros.",
                 or_(*(centres.clause(centre, role) for role in local)))


def may_read(case: Top10Case, actor: Actor) -> bool:
    """The actor's `scope`, and always the cases given to him or waiting in his «Mi bandeja» (`_own_cases`)."""
    return case.id in readable_ids([case], actor)


def readable_ids(found: list[Top10Case], actor: Actor) -> set[int]:
    """Of these cases, those whose page the actor may open (`may_read`): a list shows the others unlinked."""
    where = scope(actor).where
    ids = [case.id for case in found]
    if where is None:
        return set(ids)
    if actor.has_role(*TOP10_LIST_READERS):
        where = or_(where, _own_cases(actor))
    return set(db.session.scalars(select(Top10Case.id).where(Top10Case.id.in_(ids), where))) if ids else set()


def readable_case(case_id: int, actor: Actor) -> Top10Case:
    """A case's page (and every step posted to it), for whoever may read it (`may_read`). The refusal names
    nothing of the case: its customer and centre are what the scope keeps from this person."""
    found = get_case(case_id)
    if may_read(found, actor):
        return found
    if actor.has_role(*TOP10_LIST_READERS):
        raise Forbidden("Este caso no es de su Centro de Operaciones: usted ve los casos de su centro en «Mi bandeja».",
                        code="other_centre_case")
    raise Forbidden("Este caso no es suyo: un Técnico Multiservicios ve los casos que se le asignan, en «Mi bandeja».",
                    code="not_your_case")


def status_counts(actor: Actor) -> tuple[Scope, dict[str, int]]:
    """«Casos por estado» of the cases in the actor's scope, every status in order (0 when none)."""
    seen = scope(actor)
    stmt = select(Top10Case.status, func.count(Top10Case.id)).group_by(Top10Case.status)
    if seen.where is not None:
        stmt = stmt.where(seen.where)
    counts = dict(db.session.execute(stmt).all())
    return seen, {code: counts.get(code, 0) for code in STATUSES}
