"""The desks an agent may choose to sign in at (/desk), each with who holds it when it is someone else."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from core.actors import Actor
from core.errors import Forbidden
from core.extensions import db
from core.models import Desk, User
from core.tickets import desk_shifts


@dataclass(frozen=True)
class DeskChoice:
    code: str
    name: str
    holder: str | None  # the person at it, when not the one choosing
    may_open: bool  # `desk_shifts.check_operator`: free, theirs, or a supervisor's to cover


_ACTIVE = (select(Desk, User).outerjoin(User, User.id == Desk.agent_id).where(Desk.active.is_(True))
           .order_by(Desk.id))


def desk_choices(actor: Actor) -> list[DeskChoice]:
    choices = []
    for desk, holder in db.session.execute(_ACTIVE):
        try:
            desk_shifts.check_operator(desk, actor)
            may_open = True
        except Forbidden:
            may_open = False
        other = holder.display_name if holder is not None and holder.id != actor.id else None
        choices.append(DeskChoice(desk.code, desk.name, other, may_open))
    return choices
