"""What a print job prints, built from the domain (a ticket, a catalogue entry) and rebuilt from a stored job."""

from __future__ import annotations

from sqlalchemy import select

from core import urls
from core.errors import Invalid, NotFound
from core.extensions import db
from core.formatting import PANEL_HELP, local_datetime
from core.models import PREFERENTIAL, CatalogueNode, PrintJob, Ticket
from core.org import catalogue, directory
from core.tickets import positions, serialize
from printers.documents import BrochureDoc, DirectionsDoc, Document, TestPageDoc, TicketDoc

DOCUMENTS: dict[str, type] = {"ticket": TicketDoc, "brochure": BrochureDoc, "directions": DirectionsDoc,
                              "test": TestPageDoc}


def ticket_document(ticket: Ticket, base_url: str = "") -> TicketDoc:
    queue = ticket.queue
    desk = ticket.target_desk
    wait = positions.wait(ticket)
    return TicketDoc(
        number=ticket.label,
        transaction=ticket.transaction_label,
        destination=catalogue.destination(queue.name, desk.name if desk else None),  # as the screens say it
        area=queue.area.name,
        directions=queue.area.directions or "",
        people_ahead=wait.people_ahead,
        estimated_wait_min=wait.minutes,
        wait_text=wait.text,
        notice=wait.notice or "",
        requirements=serialize.requirements(ticket.transaction_code),
        issued_at_text=local_datetime(ticket.issued_at),
        status_url=urls.status_url(ticket, base_url),
        preferential_label=PREFERENTIAL.get(ticket.preferential or ""),
        pending_check=ticket.verification == "unverified",
        panel_help=PANEL_HELP,
    )


def catalogue_entry(code: str, *kinds: str) -> CatalogueNode:
    node = db.session.scalar(select(CatalogueNode).where(CatalogueNode.code == code,
                                                         CatalogueNode.active.is_(True)))
    if node is None or node.kind not in kinds:
        raise NotFound(f"No existe la entrada «{code}» del catálogo.", code="unknown_node")
    return node


def brochure_document(node: CatalogueNode, survey_url: str = "") -> BrochureDoc:
    return BrochureDoc(title=node.label, requirements=node.requirement_list, body=node.description or "",
                       survey_url=survey_url)


def directions_document(node: CatalogueNode, survey_url: str = "") -> DirectionsDoc:
    return DirectionsDoc(name=node.label, unit=node.unit, floor=node.floor, location=node.location,
                         instructions=node.description or "", survey_url=survey_url,
                         notice=directory.slip_notice(node))


def document_of(job: PrintJob) -> Document:
    """The job's document, rebuilt from its stored payload."""
    cls = DOCUMENTS.get(job.kind)
    if cls is None:
        raise Invalid(f"Tipo de impresión desconocido: {job.kind}")
    return cls(**job.payload)
