"""Idempotent loading of the routing catalogue and, with demo=True, sample data. Existing rows are never
overwritten, so admin edits survive a re-seed."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import select

from core import clock
from core.actors import SYSTEM, Actor
from core.errors import Invalid
from core.extensions import db
from core.models import (
    Account,
    Branch,
    CatalogueNode,
    Desk,
    DeskQueue,
    Device,
    Queue,
    User,
    WaitingArea,
)
from core.org import changes, seed_data
from core.people import users
from core.tx import unit_of_work


@dataclass
class SeedReport:
    created: dict[str, int] = field(default_factory=dict)
    credentials: list[tuple[str, str, str]] = field(default_factory=list)  # (username, password, roles)
    device_tokens: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, name, token)

    def add(self, what: str) -> None:
        self.created[what] = self.created.get(what, 0) + 1


def _get_or_create(model: type, report: SeedReport, defaults: dict, **keys: object) -> object:
    row = db.session.scalar(select(model).filter_by(**keys))
    if row is None:
        row = model(**keys, **defaults)
        db.session.add(row)
        db.session.flush()
        report.add(model.__tablename__)
    return row


# How the change log names what a seed created (SeedReport.created's table names).
CREATED_LABELS = {"branch": "Oficina", "waiting_area": "Salas de espera", "queue": "Colas", "desk": "Mesones",
                  "catalogue_node": "Entradas del catálogo", "account": "Cuentas de demostración",
                  "user": "Usuarios de demostración", "device": "Dispositivos de demostración",
                  "printer": "Impresoras de demostración",
                  # core/top10/demo.py
                  "top10_damage_report": "Reportes de daño de demostración",
                  "top10_cancellation": "Bajas de productos de demostración",
                  "top10_case": "Casos Top 10 de demostración"}


def _log(actor: Actor, report: SeedReport, before: dict[str, int], name: str) -> None:
    """One «Carga inicial» line in the change log for what this seed created; nothing when it created nothing."""
    lines = [f"{CREATED_LABELS.get(what, what)}: {count - before.get(what, 0)}"
             for what, count in report.created.items() if count > before.get(what, 0)]
    if lines:
        with unit_of_work():
            changes.record(actor, "seed", "create", name=name, lines=lines)


DATA_FILE = Path(__file__).resolve().parent / "data" / "catalogo.json"


def _text(entry: dict, key: str, where: str, *, required: bool = True) -> str:
    value = entry.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise Invalid(f"{where}: falta «{key}» (un texto).", code="bad_catalogue_file")
    return value.strip()


def _lines(value: Any, where: str) -> str:
    """A JSON list of requirements → the node's one-per-line text."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise Invalid(f"{where}: «requisitos» debe ser una lista de textos.", code="bad_catalogue_file")
    return "\n".join(item.strip() for item in value if item.strip())


def load_catalogue_file(path: Path | None = None) -> dict[str, Any]:
    """The start-up catalogue COMTECO edits (README, «Catálogo de arranque»): information topics with their
    requirements, the directory and each trámite's requirements. CATALOGUE_FILE points to another copy."""
    path = path or Path(current_app.config.get("CATALOGUE_FILE") or DATA_FILE)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise Invalid(f"No se pudo leer el catálogo de arranque {path}: {error}", code="bad_catalogue_file") from error
    if not isinstance(data, dict):
        raise Invalid(f"El catálogo de arranque {path} debe ser un objeto JSON.", code="bad_catalogue_file")
    topics = [{"code": _text(t, "codigo", f"información n.º {i}"), "label": _text(t, "titulo", f"información n.º {i}"),
               "description": _text(t, "descripcion", f"información n.º {i}", required=False),
               "requirements": _lines(t.get("requisitos", []), f"información n.º {i}")}
              for i, t in enumerate(data.get("informacion", []), start=1)]
    directory = [{"code": _text(e, "codigo", f"directorio n.º {i}"), "label": _text(e, "nombre", f"directorio n.º {i}"),
                  "unit": _text(e, "unidad", f"directorio n.º {i}", required=False),
                  "floor": _text(e, "piso", f"directorio n.º {i}", required=False),
                  "location": _text(e, "ubicacion", f"directorio n.º {i}", required=False),
                  "keywords": _text(e, "palabras_clave", f"directorio n.º {i}", required=False),
                  "queue": _text(e, "cola", f"directorio n.º {i}", required=False).upper()}
                 for i, e in enumerate(data.get("directorio", []), start=1)]
    tramites = data.get("requisitos_tramites", {})
    if not isinstance(tramites, dict):
        raise Invalid("«requisitos_tramites» debe ser un objeto: código del trámite → lista de requisitos.",
                      code="bad_catalogue_file")
    requirements = {code: _lines(items, f"trámite {code}") for code, items in tramites.items()}
    for i, topic in enumerate(data.get("informacion", []), start=1):
        _agrees(topics[i - 1], topic.get("tramites", []), requirements)
    return {"topics": topics, "directory": directory, "requirements": requirements}


def _agrees(topic: dict[str, str], codes: Any, requirements: dict[str, str]) -> None:
    """An information topic asks for everything its trámites ask for (README, «Catálogo de arranque»): the customer
    informed at the kiosk or at reception comes back with all of it, not to be sent home at the desk."""
    where = f"Información «{topic['code']}»"
    if not isinstance(codes, list) or not all(isinstance(code, str) for code in codes):
        raise Invalid(f"{where}: «tramites» debe ser una lista de códigos de trámite.", code="bad_catalogue_file")
    asked = {line.casefold() for line in topic["requirements"].splitlines()}
    for code in codes:
        if code not in requirements:
            raise Invalid(f"{where}: el trámite «{code}» no tiene requisitos en «requisitos_tramites».",
                          code="bad_catalogue_file")
        missing = [line for line in requirements[code].splitlines() if line.casefold() not in asked]
        if missing:
            raise Invalid(f"{where}: no pide «{missing[0]}», que pide su trámite «{code}».",
                          code="bad_catalogue_file")


def _public_queue(queues: dict[str, Queue], code: str, entry: str) -> int | None:
    """A directory entry's «cola»: the queue serving the public at that desk (core/org/directory.py)."""
    if not code:
        return None
    if code not in queues:
        raise Invalid(f"Directorio «{entry}»: la cola «{code}» no existe.", code="bad_catalogue_file")
    return queues[code].id


def seed(branch_code: str = "CM", branch_name: str = "Oficina Central COMTECO", *,
         actor: Actor = SYSTEM) -> SeedReport:
    report = SeedReport()
    with unit_of_work():
        branch = _get_or_create(Branch, report, {"name": branch_name}, code=branch_code)
        areas = {
            code: _get_or_create(WaitingArea, report, {"name": name, "directions": directions},
                                 branch_id=branch.id, code=code)
            for code, name, directions in seed_data.AREAS
        }
        queues = {
            code: _get_or_create(Queue, report, {"prefix": prefix, "name": name, "area_id": areas[area].id,
                                                 "default_service_minutes": minutes},
                                 branch_id=branch.id, code=code)
            for code, prefix, name, area, minutes in seed_data.QUEUES
        }
        desks = {}
        for code, name, spoken, area, served in seed_data.DESKS:
            desk = _get_or_create(Desk, report, {"name": name, "spoken_name": spoken, "area_id": areas[area].id},
                                  branch_id=branch.id, code=code)
            desks[code] = desk
            if not desk.queue_links:
                for position, queue_code in enumerate(served):
                    db.session.add(DeskQueue(desk_id=desk.id, queue_id=queues[queue_code].id, position=position))
        start = load_catalogue_file()
        nodes: dict[str, CatalogueNode] = {}
        for position, (code, parent, kind, label, queue, desk, check, description) in enumerate(seed_data.CATALOGUE):
            nodes[code] = _get_or_create(CatalogueNode, report, {
                "parent_id": nodes[parent].id if parent else None, "kind": kind, "label": label,
                "position": position, "queue_id": queues[queue].id if queue else None,
                "desk_id": desks[desk].id if desk else None, "needs_account_check": check,
                "description": description, "requirements": start["requirements"].get(code, ""),
            }, code=code)
        # The kiosk's «Información» and «Ubicar» are never empty out of the box (issue 10).
        for kind, parent, rows in (("info", "INFO", start["topics"]), ("directory", "UBICAR", start["directory"])):
            for position, row in enumerate(rows):
                fields = dict(row)
                code = fields.pop("code")
                if kind == "directory":
                    fields["queue_id"] = _public_queue(queues, fields.pop("queue"), code)
                _get_or_create(CatalogueNode, report, {"parent_id": nodes[parent].id, "kind": kind,
                                                       "position": position, **fields}, code=code)
        _log(actor, report, {}, "Oficina y catálogo COM-DSC-P01")
    return report


def seed_demo(report: SeedReport, *, actor: Actor = SYSTEM) -> SeedReport:
    """Sample accounts, users and devices, all marked as demo (brochures, directory and requirements come with
    the plain seed, from the start-up catalogue file).

    Passwords and device tokens are generated, never fixed; they are returned once in the report.
    """
    before = dict(report.created)
    with unit_of_work():
        locate = db.session.scalar(select(CatalogueNode).where(CatalogueNode.code == "UBICAR"))
        queues = {queue.code: queue for queue in db.session.scalars(select(Queue))}
        for position, (code, name, unit, floor, location, keywords, queue) in enumerate(seed_data.DEMO_DIRECTORY,
                                                                                        100):
            _get_or_create(CatalogueNode, report, {"parent_id": locate.id, "kind": "directory", "position": position,
                                                   "label": name, "unit": unit, "floor": floor, "location": location,
                                                   "keywords": keywords,
                                                   "queue_id": _public_queue(queues, queue, code)}, code=code)
        for number, ci, holder, debt, pending in seed_data.DEMO_ACCOUNTS:
            _get_or_create(Account, report, {"ci": ci, "holder_name": holder, "debt_amount": Decimal(debt),
                                             "pending_requirements": pending, "updated_at": clock.now(),
                                             "is_demo": True}, number=number)
    for username, full_name, roles, centre in seed_data.DEMO_USERS:
        if db.session.scalar(select(User).where(User.username == username)) is None:
            password = users.generate_password()
            users.create_user(username, password, roles, full_name=full_name, is_demo=True, operations_centre=centre)
            report.add("user")
            report.credentials.append((username, password, ",".join(roles)))
    for kind, name, area, desk in seed_data.DEMO_DEVICES:
        if db.session.scalar(select(Device).where(Device.name == name)) is None:
            _device, token = users.create_device(kind, name, area=area, desk=desk)
            report.add("device")
            report.device_tokens.append((kind, name, token))
    from core.printing.setup import seed_demo_printer

    seed_demo_printer(report)
    from core.top10.demo import seed_demo_top10

    seed_demo_top10(report)
    _log(actor, report, before, "Datos de demostración")
    return report
