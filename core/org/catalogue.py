"""The routing tree as plain dicts (API.md `GET /catalogue`) and catalogue searches."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from core import clock, lookups, settings
from core.extensions import db
from core.models import CatalogueNode, Ticket
from core.org import directory
from core.tickets import positions

POPULARITY_DAYS = 90  # the kiosk orders each category by the tickets of this many past days
# «A. Venta» (COM-DSC-P01 act. 5, DESIGN.md §2): the category whose trámites a customer without an account yet
# (a new customer) may start. Structural, like the roots INFO, UBICAR and TRAMITE the kiosk is drawn from.
SALE_CATEGORY = "VENTA"


def _node(node: CatalogueNode, children: dict[int | None, list[CatalogueNode]],
          open_now: tuple[set[int], set[int]]) -> dict[str, Any]:
    data: dict[str, Any] = {"code": node.code, "label": node.label, "kind": node.kind}
    if node.description:
        data["description"] = node.description
    if node.kind in ("transaction", "info"):
        data["requirements"] = node.requirement_list  # always there (maybe empty): what the customer brings
    if node.kind == "transaction":
        queue, desk = node.queue, node.desk
        data["destination"] = {
            "queue": queue.code if queue else None, "queue_name": queue.name if queue else None,
            "desk": desk.code if desk else None, "desk_name": desk.name if desk else None,
            "area": queue.area.code if queue else None, "area_name": queue.area.name if queue else None,
            "desk_open": desk_open(node, open_now),
            "text": destination(queue.name, desk.name if desk else None) if queue else None,
        }
        data["needs_account_check"] = node.needs_account_check
    if node.kind == "directory":
        data.update(unit=node.unit, floor=node.floor, location=node.location,
                    notice=directory.notice_kind(node.code, node.queue_id))
        if node.queue is not None:  # a public desk: the queue whose ticket reaches it
            data.update(queue=node.queue.code, queue_name=node.queue.name)
        if node.keywords:
            data["keywords"] = node.keywords
    kids = children.get(node.id, [])
    if node.kind == "category" or kids:
        data["children"] = [_node(child, children, open_now) for child in kids]
    return data


def desk_open(node: CatalogueNode, open_now: tuple[set[int], set[int]] | None = None) -> bool:
    """Whether a desk that may call this trámite's ticket is open now (the one it is routed to, else any of its
    queue's): the kiosk says so before the customer queues. `open_now`: positions.open_now(), read once for many."""
    desks, queues = open_now if open_now is not None else positions.open_now()
    return node.desk_id in desks if node.desk_id else node.queue_id in queues


def tree() -> list[dict[str, Any]]:
    nodes = list(db.session.scalars(
        select(CatalogueNode).where(CatalogueNode.active.is_(True)).order_by(CatalogueNode.position, CatalogueNode.id)
    ))
    children: dict[int | None, list[CatalogueNode]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)
    now_open = positions.open_now()
    return [_node(root, children, now_open) for root in children.get(None, [])]


def transactions() -> list[CatalogueNode]:
    return list(db.session.scalars(
        select(CatalogueNode).where(CatalogueNode.kind == "transaction", CatalogueNode.active.is_(True))
        .order_by(CatalogueNode.position)
    ))


def _categories(found: CatalogueNode) -> list[CatalogueNode]:
    """The categories a node sits in, from the top; the root («Realizar un trámite») only when it is the one."""
    above: list[CatalogueNode] = []
    parent = found.parent
    for _depth in range(8):  # a category tree is a few levels deep; never loop on a corrupt one
        if parent is None:
            break
        above.insert(0, parent)
        parent = parent.parent
    return above[1:] if len(above) > 1 else above


def issuing_transactions() -> list[tuple[str, list[CatalogueNode]]]:
    """The trámites a ticket can be issued for (lookups.issues_tickets), under the name of their category
    («Servicios post venta», «… › Reclamos» a level down), in the kiosk's order: what an admin picks a trámite
    from, instead of typing its code."""
    found = [(item, _categories(item)) for item in transactions() if lookups.issues_tickets(item)]
    found.sort(key=lambda pair: ([(c.position, c.id) for c in pair[1]], pair[0].position, pair[0].id))
    groups: dict[str, list[CatalogueNode]] = {}
    for item, categories in found:
        groups.setdefault(" › ".join(c.label for c in categories) or "Sin categoría", []).append(item)
    return list(groups.items())


def node(code: str) -> CatalogueNode | None:
    return lookups.active_node(code)


def is_sale(code: str | None) -> bool:
    """Whether the trámite `code` is a sale: it sits (at any depth) in the «Venta» category. Its customer may be a
    new one, with no account to find: «Cuenta no encontrada» is then normal, not a mistyped number."""
    found = lookups.active_node(code) if code else None
    if found is None or found.kind != "transaction":
        return False
    for _depth in range(8):  # a category tree is a few levels deep; never loop on a corrupt one
        if found is None:
            return False
        if found.kind == "category" and found.code == SALE_CATEGORY:
            return True
        found = found.parent
    return False


def debt_transaction() -> dict[str, Any] | None:
    """The trámite the kiosk offers a customer told of a debt (act. 7: «Sacar ficha para la Unidad de Cartera»),
    named by the setting `debt_transaction`: its code, label, requirements and where it goes; None while it names
    no active trámite (the kiosk then shows no such button)."""
    found = lookups.active_node(str(settings.get("debt_transaction") or "").strip().upper())
    if found is None or not lookups.issues_tickets(found) or found.queue is None:
        return None
    return {"code": found.code, "label": found.label, "requirements": found.requirement_list,
            "needs_account_check": found.needs_account_check, "queue_name": found.queue.name,
            "destination": destination(found.queue.name, found.desk.name if found.desk else None)}


def popularity(days: int = POPULARITY_DAYS) -> dict[str, int]:
    """Tickets issued per transaction code over the last `days` business days (what the statistics count).
    By business day, not by issue time: the day is indexed (`ix_ticket_day_queue`), so this reads the window's
    tickets only, where the issue time made it read every ticket ever on each kiosk's catalogue."""
    since = clock.business_day() - timedelta(days=days)
    rows = db.session.execute(select(Ticket.transaction_code, func.count(Ticket.id))
                              .where(Ticket.day > since).group_by(Ticket.transaction_code))
    return {code: count for code, count in rows}


def destination(queue_name: str, desk_name: str | None) -> str:
    """«Le atenderá»: the queue, then the desk when it names something more. A desk whose name the queue's already
    says («Coordinador Técnico Comercial», «Dealer» of «Dealer: equipos y accesorios») is said once."""
    if not desk_name or desk_name.casefold() in queue_name.casefold():
        return queue_name
    return f"{queue_name} · {desk_name}"


def transaction_search(tx: dict[str, Any], category: str) -> str:
    """What reception's trámite search matches a typed word against: the trámite, its category, and where it goes
    by every name staff use for it: the queue's name and code («BOC», «BOI»: what advisers type), the desk, the
    area («Mezanine»)."""
    where = tx.get("destination") or {}
    return " ".join(str(value or "") for value in (tx["label"], category, where.get("queue_name"), where.get("queue"),
                                                   where.get("desk_name"), where.get("area_name")))


def directory_search(entry: dict[str, Any]) -> str:
    """What the directory search (kiosk and reception) matches a typed word against: the name, the unit, the
    floor, the location and the admin's «Palabras clave» (other names people ask for: «cobranzas», «RRHH»…)."""
    return " ".join(str(entry.get(key) or "") for key in ("label", "unit", "floor", "location", "keywords"))


def most_chosen_first(roots: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The tree with each category's transactions ordered by how often they were chosen, most first; ties
    (and a new office with no tickets yet) keep the admin's order."""
    counts = popularity()

    def walk(node: dict[str, Any]) -> None:
        kids = node.get("children")
        if not kids:
            return
        if node.get("kind") == "category" and any(kid.get("kind") == "transaction" for kid in kids):
            kids.sort(key=lambda kid: -counts.get(kid["code"], 0))  # stable: equal counts keep position
        for kid in kids:
            walk(kid)

    for root in roots:
        walk(root)
    return roots
