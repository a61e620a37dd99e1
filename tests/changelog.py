"""The configuration change log as tests read it (core/org/changes.py): the rows written since a mark."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from core.extensions import db
from core.models import ConfigChange


@dataclass(frozen=True)
class Change:
    """One logged change, as compared in tests: who, which kind and action, which object, the summary's lines."""

    actor: str
    kind: str
    action: str
    name: str
    code: str
    lines: tuple[str, ...]


class ChangeLog:
    """Marks where the log stands (builders log the setup too); `new()` returns what was logged after the mark and
    moves the mark past it."""

    def __init__(self) -> None:
        self.mark = self._last()

    @staticmethod
    def _last() -> int:
        return db.session.scalar(select(func.max(ConfigChange.id))) or 0

    def new(self) -> list[Change]:
        rows = db.session.scalars(select(ConfigChange).where(ConfigChange.id > self.mark).order_by(ConfigChange.id))
        found = [Change(r.actor_name, r.kind, r.action, r.object_name, r.object_code,
                        tuple(r.summary.splitlines())) for r in rows]
        self.mark = self._last()
        return found

    def one(self) -> Change:
        found = self.new()
        assert len(found) == 1, found
        return found[0]


def every_summary() -> str:
    """Everything the log holds, as one text (to look for a secret in it)."""
    rows = db.session.scalars(select(ConfigChange))
    return "\n".join(f"{r.object_code} {r.object_name} {r.summary}" for r in rows)
