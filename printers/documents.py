"""What can be printed: plain data, already formatted by the caller (dates in La Paz time, URLs absolute)."""

from __future__ import annotations

from dataclasses import dataclass, field

# What a directions slip stored before its notice was chosen per entry (DirectionsDoc.notice) prints.
SECURITY_NOTICE = (
    "Las visitas pasan por Seguridad Física con su documento de identidad "
    "para recibir una credencial de visita."
)


@dataclass
class TicketDoc:
    number: str
    transaction: str
    destination: str  # the queue, and the desk when it says more: «Crédito al Socio · Mesón 19»
    area: str  # waiting area
    directions: str
    people_ahead: int
    estimated_wait_min: int | None
    issued_at_text: str
    status_url: str
    preferential_label: str | None = None
    footer: str = "Gracias por su preferencia"
    pending_check: bool = False
    # Issue 10; defaults keep jobs stored before them printable.
    requirements: list[str] = field(default_factory=list)  # what to have ready at the desk
    wait_text: str = ""  # «en breve», «15 min aprox.» (core/formatting.py); empty: the minutes as before
    notice: str = ""  # e.g. no desk that serves the trámite is open now
    panel_help: str = ""  # how the customer is called (the panel, the voice); empty on jobs stored before it


@dataclass
class BrochureDoc:
    title: str
    requirements: list[str] = field(default_factory=list)
    body: str = ""
    survey_url: str = ""  # the P01 question's short link, printed as a QR


@dataclass
class DirectionsDoc:
    name: str
    unit: str
    floor: str
    location: str
    instructions: str
    survey_url: str = ""  # the P01 question's short link, printed as a QR
    # A public desk's «saque su ficha», a visit's Seguridad Física (and where it is), or nothing on Seguridad
    # Física's own slip (core/org/directory.py). The default keeps jobs stored before it printable as they were.
    notice: str = SECURITY_NOTICE


@dataclass
class TestPageDoc:
    __test__ = False  # not a pytest test class despite the name

    printer_name: str


Document = TicketDoc | BrochureDoc | DirectionsDoc | TestPageDoc
