"""Idempotent loading of the routing catalogue and, with demo=True, sample data. Existing rows are never
overwritten, so admin edits survive a re-seed."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select

from core import clock
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
from core.org import seed_data
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


def seed(branch_code: str = "CM", branch_name: str = "Oficina Central COMTECO") -> SeedReport:
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
        nodes: dict[str, CatalogueNode] = {}
        for position, (code, parent, kind, label, queue, desk, check, description) in enumerate(seed_data.CATALOGUE):
            nodes[code] = _get_or_create(CatalogueNode, report, {
                "parent_id": nodes[parent].id if parent else None, "kind": kind, "label": label,
                "position": position, "queue_id": queues[queue].id if queue else None,
                "desk_id": desks[desk].id if desk else None, "needs_account_check": check,
                "description": description,
            }, code=code)
    return report


def seed_demo(report: SeedReport) -> SeedReport:
    """Sample brochures, directory, accounts, users and devices, all marked as demo.

    Passwords and device tokens are generated, never fixed; they are returned once in the report.
    """
    with unit_of_work():
        info = db.session.scalar(select(CatalogueNode).where(CatalogueNode.code == "INFO"))
        locate = db.session.scalar(select(CatalogueNode).where(CatalogueNode.code == "UBICAR"))
        for position, (code, label, description, requirements) in enumerate(seed_data.DEMO_INFO):
            _get_or_create(CatalogueNode, report, {"parent_id": info.id, "kind": "info", "label": label,
                                                   "description": description, "requirements": requirements,
                                                   "position": position, "is_demo": True}, code=code)
        for position, (code, name, unit, floor, location) in enumerate(seed_data.DEMO_DIRECTORY):
            _get_or_create(CatalogueNode, report, {"parent_id": locate.id, "kind": "directory", "label": name,
                                                   "unit": unit, "floor": floor, "location": location,
                                                   "position": position, "is_demo": True}, code=code)
        for node in db.session.scalars(select(CatalogueNode).where(CatalogueNode.requirements == "")):
            node.requirements = seed_data.DEMO_TRANSACTION_REQUIREMENTS.get(node.code, "")
        for number, ci, holder, debt, pending in seed_data.DEMO_ACCOUNTS:
            _get_or_create(Account, report, {"ci": ci, "holder_name": holder, "debt_amount": Decimal(debt),
                                             "pending_requirements": pending, "updated_at": clock.now(),
                                             "is_demo": True}, number=number)
    for username, full_name, roles in seed_data.DEMO_USERS:
        if db.session.scalar(select(User).where(User.username == username)) is None:
            password = users.generate_password()
            users.create_user(username, password, roles, full_name=full_name, is_demo=True)
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
    return report
