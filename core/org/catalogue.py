"""The routing tree as plain dicts (API.md `GET /catalogue`) and catalogue searches."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from core.extensions import db
from core.models import CatalogueNode


def _node(node: CatalogueNode, children: dict[int | None, list[CatalogueNode]]) -> dict[str, Any]:
    data: dict[str, Any] = {"code": node.code, "label": node.label, "kind": node.kind}
    if node.description:
        data["description"] = node.description
    if node.kind in ("transaction", "info") and node.requirements:
        data["requirements"] = node.requirement_list
    if node.kind == "transaction":
        destination = {"queue": node.queue.code if node.queue else None,
                       "queue_name": node.queue.name if node.queue else None,
                       "desk": node.desk.code if node.desk else None,
                       "desk_name": node.desk.name if node.desk else None,
                       "area": node.queue.area.code if node.queue else None,
                       "area_name": node.queue.area.name if node.queue else None}
        data["destination"] = destination
        data["needs_account_check"] = node.needs_account_check
    if node.kind == "directory":
        data.update(unit=node.unit, floor=node.floor, location=node.location)
    kids = children.get(node.id, [])
    if node.kind == "category" or kids:
        data["children"] = [_node(child, children) for child in kids]
    return data


def tree() -> list[dict[str, Any]]:
    nodes = list(db.session.scalars(
        select(CatalogueNode).where(CatalogueNode.active.is_(True)).order_by(CatalogueNode.position, CatalogueNode.id)
    ))
    children: dict[int | None, list[CatalogueNode]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)
    return [_node(root, children) for root in children.get(None, [])]


def transactions() -> list[CatalogueNode]:
    return list(db.session.scalars(
        select(CatalogueNode).where(CatalogueNode.kind == "transaction", CatalogueNode.active.is_(True))
        .order_by(CatalogueNode.position)
    ))


def node(code: str) -> CatalogueNode | None:
    return db.session.scalar(select(CatalogueNode).where(CatalogueNode.code == code,
                                                         CatalogueNode.active.is_(True)))
