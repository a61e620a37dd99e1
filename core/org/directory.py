"""What the directory («Ubicar a un funcionario o unidad», COM-DSC-P01 acts 3–4) tells a customer besides where a
place is. A public desk (an entry that names the queue serving the public there) is reached with a ticket, like any
trámite; an office or a person is a visit, and a visit goes through Seguridad Física first (act. 4: interviews,
visits to a sector, mail), whose own entry in the directory says where it is."""

from __future__ import annotations

from core import lookups
from core.models import CatalogueNode

# The directory entry of Seguridad Física (catalogo.json): structural, like the roots INFO, UBICAR and TRAMITE.
SECURITY_ENTRY = "DIR_SEGURIDAD"
TICKET = "ticket"  # a public desk: take a ticket for one of its trámites
VISIT = "visit"  # an office or a person: pass by Seguridad Física

TICKET_NOTICE = "Para realizar un trámite en esta unidad, saque su ficha en el kiosco o en Recepción."
VISIT_NOTICE = ("Para visitas: pase por Seguridad Física ({where}) con su documento de identidad para recibir una "
                "credencial de visita.")


def notice_kind(code: str, queue_id: int | None) -> str | None:
    """Which notice an entry carries: TICKET for a public desk, VISIT for the rest, none on Seguridad Física's own
    entry (it would send the visitor to itself)."""
    if queue_id is not None:
        return TICKET
    return None if code == SECURITY_ENTRY else VISIT


def where(floor: str, location: str) -> str:
    return ", ".join(part for part in (floor.strip(), location.strip()) if part)


def security_place() -> str:
    """Where Seguridad Física is, from its directory entry («Planta baja, Ingreso principal, junto a la puerta»);
    empty when the installation has no such active entry."""
    found = lookups.active_node(SECURITY_ENTRY)
    if found is None or found.kind != "directory":
        return ""
    return where(found.floor or "", found.location or "")


def slip_notice(node: CatalogueNode) -> str:
    """The notice printed on an entry's directions slip (the kiosk and reception say the same on screen)."""
    kind = notice_kind(node.code, node.queue_id)
    if kind == TICKET:
        return TICKET_NOTICE
    if kind == VISIT:
        place = security_place()
        if place:
            return VISIT_NOTICE.format(where=place)
        return VISIT_NOTICE.replace(" ({where})", "")
    return ""
