"""Editing the COM-DSC-P01 routing tree: categories, transactions (with their destination), information
topics (brochures) and directory entries. Every change tells the kiosks to reload the catalogue.

Tickets keep a copy of their transaction's code and label, so history survives edits; a transaction that
tickets were issued for keeps its code, and deleting it only deactivates it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import func, select

from core import lookups, validation
from core.actors import Actor
from core.errors import Invalid, NotFound
from core.extensions import db
from core.formatting import plural
from core.models import KINDS, CatalogueNode, Ticket
from core.org import changes
from core.realtime import config_events
from core.roles import SUPERVISORS, require
from core.tx import unit_of_work

logger = logging.getLogger(__name__)

KIND_LABELS = {"category": "Categoría", "transaction": "Trámite", "info": "Información (folleto)",
               "directory": "Directorio"}
# The fields the change log compares (core/org/changes.py), named as the admin form names them.
NODE_FIELDS = {"kind": "Tipo", "code": "Código", "label": "Texto en pantalla", "parent": "Dentro de",
               "position": "Orden", "queue": "Cola de destino", "desk": "Mesón de destino",
               "needs_account_check": "Verifica la cuenta en Smartflex", "description": "Descripción",
               "requirements": "Requisitos", "unit": "Unidad", "floor": "Piso", "location": "Ubicación",
               "keywords": "Palabras clave", "active": "Activo"}


@dataclass
class NodeInput:
    """What the admin form sends. Destination fields matter for transactions, location fields for directory
    entries; the rest are cleared for other kinds."""

    kind: str
    code: str
    label: str
    parent: str = ""  # parent category code; "" = top level
    position: int | str = 0
    description: str = ""
    requirements: str = ""
    queue: str = ""
    desk: str = ""
    needs_account_check: bool = False
    unit: str = ""
    floor: str = ""
    location: str = ""
    keywords: str = ""
    active: bool = True


def _tickets_for(code: str) -> int:
    return db.session.scalar(select(func.count(Ticket.id)).where(Ticket.transaction_code == code)) or 0


def _parent(code: str, node: CatalogueNode | None) -> CatalogueNode | None:
    if not code:
        return None
    parent = db.session.scalar(select(CatalogueNode).where(CatalogueNode.code == code.strip().upper()))
    if parent is None:
        raise Invalid(f"No existe la categoría «{code}».", code="unknown_parent")
    if parent.kind != "category":
        raise Invalid("Solo una categoría puede contener otros elementos.", code="parent_not_category")
    ancestor: CatalogueNode | None = parent
    while node is not None and ancestor is not None:
        if ancestor.id == node.id:
            raise Invalid("Una categoría no puede quedar dentro de sí misma.", code="cycle")
        ancestor = ancestor.parent
    return parent


def save_node(node_id: int | None, data: NodeInput, *, actor: Actor) -> CatalogueNode:
    require(actor, SUPERVISORS)
    if data.kind not in KINDS:
        raise Invalid("Tipo de elemento no válido.", code="invalid_kind")
    code = validation.code(data.code, "Código", max_len=48)
    label = validation.text(data.label, "Texto en pantalla", max_len=160)
    position = validation.integer(data.position or 0, "Orden", low=0, high=9999)
    description = validation.text(data.description, "Descripción", max_len=2000, required=False)
    requirements = validation.text(data.requirements, "Requisitos", max_len=4000, required=False)
    keywords = validation.text(data.keywords, "Palabras clave", max_len=300, required=False)
    unit = floor = location = ""
    if data.kind == "directory":
        unit = validation.text(data.unit, "Unidad", max_len=120, required=False)
        floor = validation.text(data.floor, "Piso", max_len=60, required=False)
        location = validation.text(data.location, "Ubicación", max_len=200)
    with unit_of_work():
        node = None
        if node_id is not None:
            node = db.session.get(CatalogueNode, node_id)
            if node is None:
                raise NotFound("El elemento del catálogo no existe.")
        parent = _parent(data.parent, node)
        if parent is None and data.kind != "category":
            raise Invalid("Solo las categorías van en el primer nivel: elija una categoría.", code="parent_required")
        queue = desk = None
        if data.kind == "transaction":
            if not data.queue:
                raise Invalid("Un trámite necesita la cola a la que envía.", code="queue_required")
            queue = lookups.queue(data.queue)
            desk = lookups.desk(data.desk) if data.desk else None
            if desk is not None and queue not in desk.queues:
                raise Invalid(f"El mesón «{desk.name}» no atiende la cola «{queue.name}».",
                              code="desk_does_not_serve_queue")
        elif data.kind == "directory" and data.queue:  # a public desk: the queue whose ticket reaches it
            queue = lookups.queue(data.queue)
        taken = db.session.scalar(select(CatalogueNode.id).where(CatalogueNode.code == code))
        if taken is not None and taken != node_id:
            raise Invalid(f"Ya existe un elemento con el código «{code}».", code="duplicate")
        before = None if node is None else _state(node)
        if node is None:
            node = CatalogueNode(code=code)
            db.session.add(node)
        else:
            if node.code != code and _tickets_for(node.code):
                raise Invalid("El código de un trámite con fichas emitidas no puede cambiar.", code="code_in_use")
            if node.kind == "category" and data.kind != "category" and _children(node):
                raise Invalid("Una categoría con elementos no puede cambiar de tipo.", code="has_children")
        node.code, node.kind, node.label, node.position = code, data.kind, label, position
        node.parent = parent
        node.description, node.requirements, node.keywords = description, requirements, keywords
        node.queue, node.desk = queue, desk
        node.needs_account_check = bool(data.needs_account_check) and data.kind == "transaction"
        node.unit, node.floor, node.location = unit, floor, location
        node.active = bool(data.active)
        db.session.flush()
        changes.saved(actor, "catalogue", before=before, after=_state(node), labels=NODE_FIELDS, code=node.code,
                      name=f"{KIND_LABELS[node.kind]} «{node.label}»")
        config_events.catalogue_changed("catalogue")
    logger.info("catalogue node %s saved by %s", code, actor.name)
    return node


def _state(node: CatalogueNode) -> dict[str, object]:
    """What the change log compares: destinations and the parent by name, the kind in words."""
    return {"kind": KIND_LABELS.get(node.kind, node.kind), "code": node.code, "label": node.label,
            "parent": node.parent.label if node.parent else "", "position": node.position,
            "queue": node.queue.name if node.queue else "", "desk": node.desk.name if node.desk else "",
            # a trámite's alone: the other kinds never check an account
            "needs_account_check": bool(node.needs_account_check) if node.kind == "transaction" else None,
            "description": node.description or "",
            "requirements": node.requirements or "", "unit": node.unit or "", "floor": node.floor or "",
            "location": node.location or "", "keywords": node.keywords or "", "active": bool(node.active)}


def _children(node: CatalogueNode, *, active_only: bool = False) -> int:
    stmt = select(func.count(CatalogueNode.id)).where(CatalogueNode.parent_id == node.id)
    if active_only:
        stmt = stmt.where(CatalogueNode.active.is_(True))
    return db.session.scalar(stmt) or 0


def delete_node(node_id: int, *, actor: Actor) -> str:
    """Delete an unused node; one that tickets or hidden children still point to is deactivated."""
    require(actor, SUPERVISORS)
    with unit_of_work():
        node = db.session.get(CatalogueNode, node_id)
        if node is None:
            raise NotFound("El elemento del catálogo no existe.")
        active_children = _children(node, active_only=True)
        if active_children:
            items = plural(active_children, "elemento activo", "elementos activos")
            raise Invalid(f"«{node.label}» contiene {active_children} {items}: elimínelos o desactívelos primero.",
                          code="has_children")
        name = f"{KIND_LABELS.get(node.kind, node.kind)} «{node.label}»"
        if _tickets_for(node.code) or _children(node):
            if node.active:
                changes.record(actor, "catalogue", "deactivate", code=node.code, name=name,
                               lines=["Activo: sí → no (tiene historial: se desactivó en lugar de eliminarse)"])
            node.active = False
            message = f"«{node.label}» tiene historial: se desactivó en lugar de eliminarse."
        else:
            changes.record(actor, "catalogue", "delete", code=node.code, name=name)
            db.session.delete(node)
            message = f"Se eliminó «{node.label}» del catálogo."
        config_events.catalogue_changed("catalogue")
    logger.info("catalogue node %s deleted/deactivated by %s", node_id, actor.name)
    return message


def all_nodes() -> list[tuple[CatalogueNode, int]]:
    """Every node, active or not, depth-first in display order, with its depth (for the admin tree)."""
    nodes = list(db.session.scalars(select(CatalogueNode).order_by(CatalogueNode.position, CatalogueNode.id)))
    children: dict[int | None, list[CatalogueNode]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)
    ordered: list[tuple[CatalogueNode, int]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for child in children.get(parent_id, []):
            ordered.append((child, depth))
            walk(child.id, depth + 1)

    walk(None, 0)
    return ordered


def categories() -> list[CatalogueNode]:
    return list(db.session.scalars(select(CatalogueNode).where(CatalogueNode.kind == "category")
                                   .order_by(CatalogueNode.position, CatalogueNode.id)))
