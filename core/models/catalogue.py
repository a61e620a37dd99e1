"""The COM-DSC-P01 routing tree: category → transaction → destination, plus info topics and directory."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.models.org import Desk, Queue

KINDS = ("category", "transaction", "info", "directory")


class CatalogueNode(db.Model):
    __tablename__ = "catalogue_node"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(48), unique=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("catalogue_node.id"), nullable=True)
    kind: Mapped[str] = mapped_column(String(12))
    label: Mapped[str] = mapped_column(String(160))
    position: Mapped[int] = mapped_column(Integer, default=0)
    description: Mapped[str] = mapped_column(Text, default="")
    # One requirement per line: shown on screen and printed on the slip.
    requirements: Mapped[str] = mapped_column(Text, default="")
    queue_id: Mapped[int | None] = mapped_column(ForeignKey("queue.id"), nullable=True)
    desk_id: Mapped[int | None] = mapped_column(ForeignKey("desk.id"), nullable=True)
    needs_account_check: Mapped[bool] = mapped_column(Boolean, default=False)
    # Directory entries (kind "directory"): where to find a person or unit.
    unit: Mapped[str] = mapped_column(String(120), default="")
    floor: Mapped[str] = mapped_column(String(60), default="")
    location: Mapped[str] = mapped_column(String(200), default="")
    keywords: Mapped[str] = mapped_column(String(300), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)

    parent: Mapped[CatalogueNode | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[CatalogueNode]] = relationship(
        back_populates="parent", order_by="CatalogueNode.position"
    )
    queue: Mapped[Queue | None] = relationship()
    desk: Mapped[Desk | None] = relationship()

    @property
    def requirement_list(self) -> list[str]:
        return [line.strip(" -•\t") for line in self.requirements.splitlines() if line.strip()]
