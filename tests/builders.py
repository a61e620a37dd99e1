"""Builders for what the tests make all the time: rooms, queues, desks, transactions, tickets, users and
devices, each through the same core function the admin screens and the CLI call, with defaults for every
field and keyword overrides (as tests/top10/helpers.py does for cases).

A test that needs "a ticket and a desk to call it" builds its own `make_counter()` instead of leaning on seed
codes such as P01 or V_INST_INT, so an edit to the seeded catalogue breaks only the tests about the catalogue.
Codes are unique within a test; every test has a database of its own.
"""

from __future__ import annotations

import itertools
import string
from dataclasses import dataclass

from core.actors import SYSTEM, Actor
from core.models import CatalogueNode, Desk, Device, Queue, Ticket, User, WaitingArea
from core.org import catalogue_edit, office
from core.org.catalogue_edit import NodeInput
from core.people import users
from core.printing import setup
from core.tickets import engine
from printers.config import PrinterConfig

PASSWORD = "una-clave-de-prueba"

# Queue prefixes the seed does not use (it takes single letters A, B, C, D, H, I, K, L, T), in sorting order.
_PREFIXES = tuple(f"{a}{b}" for a in "QXYZ" for b in string.ascii_uppercase)
_numbers = itertools.count(1)
_prefixes = iter(_PREFIXES)


def restart_names() -> None:
    """Each test starts codes and prefixes afresh (tests/conftest.py): its database is its own, and queues made one
    after another sort in that order whatever the tests before it made (a cycle that wrapped from ZZ to QA in
    mid-test once put a panel's first queue last)."""
    global _numbers, _prefixes
    _numbers = itertools.count(1)
    _prefixes = iter(_PREFIXES)


def _code(stem: str) -> str:
    return f"{stem}{next(_numbers)}"


def make_prefix() -> str:
    prefix = next(_prefixes, None)
    if prefix is None:
        raise RuntimeError(f"A test may build at most {len(_PREFIXES)} queues without naming their prefixes.")
    return prefix


def make_area(code: str | None = None, *, name: str | None = None, directions: str = "") -> WaitingArea:
    code = code or _code("SALA")
    return office.save_area(None, code=code, name=name or f"Sala {code}", directions=directions, actor=SYSTEM)


def make_queue(code: str | None = None, *, prefix: str | None = None, name: str | None = None,
               area: WaitingArea | str | None = None, sla_minutes: int = 15, service_minutes: int = 5,
               active: bool = True) -> Queue:
    """A queue in its own new waiting room unless `area` (a room or its code) is given."""
    code = code or _code("COLA")
    area_code = area if isinstance(area, str) else (area or make_area()).code
    return office.save_queue(None, code=code, prefix=prefix or make_prefix(), name=name or f"Cola {code}",
                             area=area_code, sla_minutes=sla_minutes, default_service_minutes=service_minutes,
                             active=active, actor=SYSTEM).queue


def make_desk(code: str | None = None, *, queues: tuple[Queue, ...] | list[Queue] = (), name: str | None = None,
              spoken_name: str = "", area: WaitingArea | str | None = None, active: bool = True) -> Desk:
    """A desk serving `queues` (a new queue when none is given), in the first queue's room unless told."""
    code = code or _code("MES")
    queues = list(queues) or [make_queue()]
    area_code = area if isinstance(area, str) else (area.code if area else queues[0].area.code)
    return office.save_desk(None, code=code, name=name or f"Mesón {code}", spoken_name=spoken_name,
                            area=area_code, queues=[q.code for q in queues], active=active, actor=SYSTEM)


def make_category(code: str | None = None, *, label: str | None = None, parent: str = "") -> CatalogueNode:
    code = code or _code("CAT")
    return catalogue_edit.save_node(None, NodeInput(kind="category", code=code, label=label or f"Categoría {code}",
                                                    parent=parent), actor=SYSTEM)


def make_transaction(queue: Queue | None = None, *, code: str | None = None, label: str | None = None,
                     desk: Desk | None = None, needs_account_check: bool = False,
                     parent: CatalogueNode | str | None = None, requirements: str = "") -> CatalogueNode:
    """A kiosk transaction routed to `queue` (a new one when not given), in a new category unless told."""
    code = code or _code("TRAMITE")
    queue = queue or make_queue()
    parent_code = parent if isinstance(parent, str) else (parent or make_category()).code
    data = NodeInput(kind="transaction", code=code, label=label or f"Trámite {code}", parent=parent_code,
                     queue=queue.code, desk=desk.code if desk else "", needs_account_check=needs_account_check,
                     requirements=requirements)
    return catalogue_edit.save_node(None, data, actor=SYSTEM)


@dataclass
class Counter:
    """A waiting room with one queue, the transaction that routes to it and desks that serve it."""

    area: WaitingArea
    queue: Queue
    tx: str  # the transaction's code, as the kiosk sends it
    desk: str  # the first desk's code
    desks: list[str]

    def issue(self, **kwargs: object) -> Ticket:
        return make_ticket(self.tx, **kwargs)

    def number(self, n: int) -> str:
        """The label of the queue's n-th ticket of the day, as screens show it ("QA-001")."""
        return f"{self.queue.prefix}-{n:03d}"


def make_counter(*, desks: int = 1, prefix: str | None = None, service_minutes: int = 5,
                 sla_minutes: int = 15, label: str | None = None, desk_name: str | None = None,
                 spoken_name: str = "") -> Counter:
    """`label` (the transaction's), `desk_name` and `spoken_name` (the first desk's) are for tests that read or
    hear them on a screen."""
    area = make_area()
    queue = make_queue(area=area, prefix=prefix, service_minutes=service_minutes, sla_minutes=sla_minutes)
    made = [make_desk(queues=[queue], name=desk_name, spoken_name=spoken_name).code]
    made += [make_desk(queues=[queue]).code for _ in range(desks - 1)]
    return Counter(area=area, queue=queue, tx=make_transaction(queue, label=label).code, desk=made[0], desks=made)


@dataclass
class Office:
    """Two rooms' worth of counters: `plat` and `boc` with two desks each, `credit` with one desk that serves
    only its own queue. For tests of calling, transfers and waiting that need more than one queue."""

    plat: Counter
    boc: Counter
    credit: Counter


def make_office(service_minutes: int = 10) -> Office:
    return Office(plat=make_counter(desks=2, service_minutes=service_minutes),
                  boc=make_counter(desks=2, service_minutes=service_minutes),
                  credit=make_counter(service_minutes=service_minutes))


def make_ticket(tx: str | CatalogueNode | None = None, *, actor: Actor = SYSTEM, **kwargs: object) -> Ticket:
    """A ticket for `tx` (a transaction or its code; a new counter's when not given), issued by core."""
    code = tx.code if isinstance(tx, CatalogueNode) else (tx or make_counter().tx)
    return engine.issue_ticket(code, actor=actor, **kwargs)


def make_user(username: str | None = None, *roles: str, password: str = PASSWORD, full_name: str = "") -> User:
    """A staff user (agent unless roles are given) whose password is PASSWORD."""
    return users.create_user(username or _code("usuario"), password, list(roles) or ["agent"], full_name=full_name)


def make_actor(username: str | None = None, *roles: str) -> Actor:
    return Actor.of_user(make_user(username, *roles))


def make_device(kind: str = "kiosk", name: str | None = None, **kwargs: str) -> tuple[Device, str]:
    """A device and its token (shown once); panels need `area=`, survey tablets `desk=`."""
    return users.create_device(kind, name or _code(f"{kind}-"), **kwargs)


def make_printing_kiosk(port: int, profile: str = "TM-T20II") -> int:
    """A kiosk whose tickets print on a network printer at 127.0.0.1:`port` (a FakePrinter); its device id."""
    kiosk, _token = make_device("kiosk")
    setup.save_printer(actor=SYSTEM, code=_code("impresora-").lower(), name="Impresora entrada",
                       device_ids=[kiosk.id],
                       config=PrinterConfig(backend="network", host="127.0.0.1", port=port, timeout=0.5,
                                            profile=profile).to_dict())
    return kiosk.id


def make_info(code: str | None = None, *, label: str | None = None, requirements: str = "",
              parent: CatalogueNode | str | None = None) -> CatalogueNode:
    """An information topic (COM-DSC-P01 act. 2), in a new category unless told."""
    code = code or _code("INFO")
    parent_code = parent if isinstance(parent, str) else (parent or make_category()).code
    return catalogue_edit.save_node(None, NodeInput(kind="info", code=code, label=label or f"Información {code}",
                                                    parent=parent_code, requirements=requirements), actor=SYSTEM)


def make_directory_entry(code: str | None = None, *, label: str | None = None, unit: str = "Unidad de prueba",
                         floor: str = "Planta baja", location: str = "Pasillo central", keywords: str = "",
                         parent: CatalogueNode | str | None = None) -> CatalogueNode:
    """A person or unit to locate (COM-DSC-P01 acts 3–4), in a new category unless told."""
    code = code or _code("DIR")
    parent_code = parent if isinstance(parent, str) else (parent or make_category()).code
    data = NodeInput(kind="directory", code=code, label=label or f"Funcionario {code}", parent=parent_code,
                     unit=unit, floor=floor, location=location, keywords=keywords)
    return catalogue_edit.save_node(None, data, actor=SYSTEM)


def make_account(number: str = "100300", *, holder: str = "María Quispe Mamani", debt: str = "0",
                 ci: str = "5566778") -> None:
    """A Smartflex account as an import leaves it: its holder, CI and debt, nothing pending."""
    from datetime import UTC, datetime
    from decimal import Decimal

    from core.extensions import db
    from core.models import Account
    from core.tx import unit_of_work

    with unit_of_work():
        db.session.add(Account(number=number, ci=ci, holder_name=holder, debt_amount=Decimal(debt),
                               pending_requirements="", notes="", updated_at=datetime(2026, 11, 1, tzinfo=UTC)))
