"""Every route × every role, device and anonymous, built from `app.url_map`.

ACCESS below is the expectation table: endpoint → who may call it. A route without a row FAILS
`test_every_route_has_an_access_row`: add one when you add a route (one line with `allow(...)`).

A caller who may not call a route gets 401 when anonymous on the API or on a device page, the login page
(302) when anonymous on a staff page, and 403 when known (staff or device) but not allowed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from core import clock
from core.actors import SYSTEM
from core.extensions import db
from core.imports import engine as imports_engine
from core.imports.kinds import KINDS
from core.models import Desk, Setting
from core.people import users
from core.reporting import emergency
from core.roles import TOP10_ROLES
from core.tickets import attentions, desk_shifts, desks
from tests.builders import make_counter, make_queue, make_ticket
from tests.helpers import PASSWORD, csrf_from, device_token, login, no_show_at_once

# tecnico: a Top 10 role outside TOP10_CONTROL (his own cases only, never every customer's contact data).
STAFF = ("admin", "supervisor", "reception", "agent", "top10_gestor", "tecnico")
DEVICES = ("kiosk", "panel", "survey")
IDENTITIES = (*STAFF, *DEVICES, "anonymous")
MISSING_ID = 987654  # ids in paths of routes whose success path is tested elsewhere: nothing is changed


# --- the place the routes act on, and arranging the state a route needs, through core (SYSTEM actor) ---------------

@dataclass(frozen=True)
class Place:
    """The test's own: a desk the desk routes use (the survey tablet belongs to it) and a second desk serving the
    same queue, their waiting room (the panel's), the queue's transaction (without the account check) and another
    queue to transfer to."""

    desk: str
    second_desk: str
    area: str
    tx: str
    other_queue: str

    def values(self) -> dict[str, Any]:
        """What a json body of ACCESS may name as "{tx}" or "{other_queue}"."""
        return {"tx": self.tx, "other_queue": self.other_queue}


@pytest.fixture
def place(app: Flask) -> Place:
    counter = make_counter(desks=2)
    return Place(desk=counter.desk, second_desk=counter.desks[1], area=counter.area.code, tx=counter.tx,
                 other_queue=make_queue().code)


def _desk(place: Place) -> Desk:
    db.session.remove()
    found = db.session.scalar(db.select(Desk).where(Desk.code == place.desk))
    assert found is not None
    return found


def free_desk(place: Place) -> dict[str, Any]:
    desk = _desk(place)
    if desk.current_ticket_id is not None:
        desks.finish(place.desk, actor=SYSTEM)
    if _desk(place).state == "paused":
        desk_shifts.resume(place.desk, actor=SYSTEM)
    return {}


def waiting_ticket(place: Place) -> dict[str, Any]:
    ticket = make_ticket(place.tx)
    return {"ticket_id": ticket.id, "token": ticket.token}


def ticket_attention(place: Place) -> dict[str, Any]:
    """A ticket's attention (issue 10): its short-link token and its id, for the P01 question's routes."""
    attention = attentions.of_ticket(make_ticket(place.tx))
    return {"token": attention.token, "attention_id": attention.id}


def the_transaction(place: Place) -> dict[str, Any]:
    return {"tx": place.tx}


def accounts_import_batch(_place: Place) -> dict[str, Any]:
    batch_id = imports_engine.open_batch(KINDS["accounts"], "cuentas.csv", actor=SYSTEM, now=clock.now())
    return {"batch_id": str(batch_id)}


def desk_can_call(place: Place) -> dict[str, Any]:
    free_desk(place)
    return waiting_ticket(place)


def desk_has_called_ticket(place: Place) -> dict[str, Any]:
    free_desk(place)
    waiting_ticket(place)
    desks.call_next(place.desk, actor=SYSTEM)
    no_show_at_once()  # POST …/no-show answers 200 at once
    return {}


def desk_just_marked_no_show(place: Place) -> dict[str, Any]:
    """A ticket marked no-show at the desk a moment ago (the default undo window is a minute)."""
    desk_has_called_ticket(place)
    return {"ticket_id": desks.no_show(place.desk, actor=SYSTEM).id}


def emergency_button_on(place: Place) -> dict[str, Any]:
    db.session.merge(Setting(key="desk_emergency", value="on"))
    db.session.commit()
    return {}


def open_emergency(place: Place) -> dict[str, Any]:
    emergency_button_on(place)
    return {"alert_id": emergency.raise_alert(place.desk, actor=SYSTEM).id}


def desk_paused(place: Place) -> dict[str, Any]:
    free_desk(place)
    desk_shifts.pause(place.desk, actor=SYSTEM)
    return {}


def sign_in_at_desk(client: FlaskClient, headers: dict[str, str], place: Place) -> None:
    """The desk console's first step: choose the desk (refused, like the route itself, for other callers)."""
    client.post("/desk/sign-in", data={"desk": place.desk}, headers=headers)


# --- the expectation table -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Access:
    allowed: frozenset[str]
    ok: int | None = None  # exact status for an allowed caller; None: any answer below 500 that is not a refusal
    anon: int | None = None  # status for an anonymous caller who is not allowed (default: see module docstring)
    denied: int = 403
    prep: Callable[[Place], dict[str, Any]] | None = None  # arranges state; returns values for the path
    before: Callable[[FlaskClient, dict[str, str], Place], None] | None = None  # what the caller does first
    json: dict[str, Any] | None = None  # "{name}" stands for the prep's value or the place's (Place.values)
    params: dict[str, Any] = field(default_factory=dict)


def allow(*who: str, **kwargs: Any) -> Access:
    """Staff roles and device kinds that may call; admin may always."""
    return Access(frozenset({"admin", *who}), **kwargs)


def public(**kwargs: Any) -> Access:
    return Access(frozenset(IDENTITIES), **kwargs)


SUPERVISOR = ("supervisor",)
OPERATORS = ("agent", "supervisor")  # desk console and desk actions
VIEWERS = ("supervisor", "reception", "agent")  # may look at a panel
KIOSK_STAFF = ("reception", "supervisor")
TICKET_READERS = ("reception", "agent", "supervisor")

ACCESS: dict[str, Access] = {
    # /api/v1 (API.md): exact statuses on the success path
    "api.get_catalogue": public(ok=200),
    "api.create_ticket": allow("reception", "kiosk", ok=201, json={"transaction": "{tx}"}),
    "api.get_ticket": allow(*TICKET_READERS, ok=200, prep=waiting_ticket),
    "api.cancel_ticket": allow("reception", "supervisor", ok=200, prep=waiting_ticket),
    # An agent transfers a ticket waiting for their desk's queue (or one they hold); see the test below.
    "api.transfer_ticket": allow(*OPERATORS, ok=200, prep=waiting_ticket, before=sign_in_at_desk,
                                 json={"queue": "{other_queue}"}),
    "api.list_queues": allow(*TICKET_READERS, ok=200),
    "api.call_next": allow(*OPERATORS, ok=200, prep=desk_can_call),
    "api.call": allow(*OPERATORS, ok=200, prep=desk_can_call, json={"ticket": "{ticket_id}"}),
    "api.recall": allow(*OPERATORS, ok=200, prep=desk_has_called_ticket),
    "api.start": allow(*OPERATORS, ok=200, prep=desk_has_called_ticket),
    "api.finish": allow(*OPERATORS, ok=200, prep=desk_has_called_ticket, json={"outcome": "Atendido"}),
    "api.no_show": allow(*OPERATORS, ok=200, prep=desk_has_called_ticket),
    "api.no_show_check": allow(*OPERATORS, ok=200, prep=desk_has_called_ticket),
    "api.undo_no_show": allow(*OPERATORS, ok=200, prep=desk_just_marked_no_show, json={"ticket": "{ticket_id}"}),
    "api.emergency": allow(*OPERATORS, ok=200, prep=emergency_button_on),
    "api.pause": allow(*OPERATORS, ok=200, prep=free_desk),
    "api.resume": allow(*OPERATORS, ok=200, prep=desk_paused),
    "api.recheck_account": allow(*OPERATORS, prep=desk_has_called_ticket),
    "api.snapshot": allow(*VIEWERS, "panel", ok=200),
    "api.check_account": allow("reception", "supervisor", "kiosk", json={"account": "100200"}),
    # sign-in and the front door
    "auth.login": public(),
    "auth.logout": allow(*STAFF, ok=302, anon=302, denied=302),  # Flask-Login sends anyone else to the login page
    "auth.root": public(ok=302),
    "static": public(ok=200, params={"filename": "css/base.css"}),
    # kiosk, reception and the customer's status page
    "kiosk.kiosk": allow(*KIOSK_STAFF, "kiosk", ok=200, anon=401),
    "kiosk.language": allow(*KIOSK_STAFF, "kiosk", anon=401),
    "kiosk.print_brochure": allow(*KIOSK_STAFF, "kiosk", anon=401),
    "kiosk.print_directions": allow(*KIOSK_STAFF, "kiosk", anon=401),
    "kiosk.pending_attention": allow(*KIOSK_STAFF, "kiosk", anon=401),
    "kiosk.job_state": allow(*KIOSK_STAFF, "kiosk"),
    "kiosk.printer_state": allow(*KIOSK_STAFF, "kiosk", ok=200),
    "kiosk.tx_open": allow(*KIOSK_STAFF, "kiosk", ok=200, prep=the_transaction),
    "kiosk.reception": allow("reception", "supervisor", ok=200),
    "kiosk.reception_issue": allow("reception", "supervisor"),
    "kiosk.reception_today": allow("reception", "supervisor"),
    "kiosk.reception_reprint": allow("reception", "supervisor"),
    "kiosk.status": public(ok=200, prep=waiting_ticket),
    "kiosk.status_json": public(ok=200, prep=waiting_ticket),
    "kiosk.status_qr": public(ok=200, prep=waiting_ticket),
    "kiosk.status_survey": public(prep=waiting_ticket),
    "kiosk.status_p01": public(prep=waiting_ticket),
    "kiosk.status_cancel": public(prep=waiting_ticket),
    "kiosk.p01_question": public(ok=200, prep=ticket_attention),
    "kiosk.p01_answer": public(prep=ticket_attention),
    "kiosk.p01_qr": public(ok=200, prep=ticket_attention),
    "kiosk.reception_attend": allow("reception", "supervisor", json={"kind": "info", "node": "{tx}"}),
    "kiosk.reception_survey": allow("reception", "supervisor", prep=ticket_attention, json={"satisfied": True}),
    # panels
    "display.panel": allow(*VIEWERS, "panel", ok=200, anon=401),
    "display.audio": allow(*VIEWERS, "panel"),
    "display.media": allow(*VIEWERS, "panel"),
    # desk console and the survey tablet
    "desk.console": allow(*OPERATORS, ok=200),
    "desk.desk_state": allow(*OPERATORS, ok=200, before=sign_in_at_desk),
    "desk.transfer_targets": allow(*OPERATORS, ok=200),
    "desk.sign_in": allow(*OPERATORS),
    "desk.sign_out": allow(*OPERATORS),
    "desk.survey_page": allow("supervisor", "survey", ok=200, anon=401),
    "desk.survey_answer": allow("supervisor", "survey", anon=401),
    # admin: the supervisor's configuration, monitor and statistics
    **{f"admin.{name}": allow(*SUPERVISOR) for name in (
        "index", "monitor", "monitor_snapshot", "stats", "stats_csv", "stats_xlsx", "audit", "audit_changes",
        "settings", "catalogue", "brochures", "directory", "node_edit", "node_delete",
        "areas", "area_edit", "area_delete", "queues", "queue_edit", "queue_delete",
        "desks", "desk_edit", "desk_delete", "announcements", "announcement_edit", "announcement_delete",
        "accounts", "printers", "printer_new", "printer_edit", "printer_test_page", "printer_check",
        "printers_health", "print_job_reprint", "print_job_png",
        "panel_media_page", "panel_media_upload", "panel_media_remove", "close_past_days",
    )},
    "admin.emergency_acknowledge": allow(*SUPERVISOR, ok=200, prep=open_emergency),
    # admin → Top 10 follow-up: the Top 10 roles and supervisors; imports by the gestor
    **{f"admin.{name}": allow(*TOP10_ROLES, "supervisor") for name in (
        "top10_index", "top10_generate", "top10_send", "top10_receive", "top10_case", "top10_step", "top10_indicator",
    )},
    # the lists of every followed customer: not the technician, who sees his own cases only
    **{f"admin.{name}": allow(*(role for role in TOP10_ROLES if role != "tecnico"), "supervisor") for name in (
        "top10_week", "top10_repeats", "top10_repeats_export",
    )},
    # every customer's contact data at once (the control sheet, its exports, the weekly list's exports): those who
    # run the control and the lists (core/roles.py TOP10_CONTROL); the technician, fidelización, calidad, the
    # operator, incidentes and the P01 supervisor are refused (the audit: tecnico1 exported every phone and address)
    **{f"admin.{name}": allow("top10_gestor", "top10_usm", "supervisor_co", "top10_jefe") for name in (
        "top10_export", "top10_sheet", "top10_sheet_rows", "top10_sheet_export",
    )},
    # issue 12: the division head imports too; the P01 Encargada (supervisor) no longer does
    "admin.top10_imports": allow("top10_gestor", "top10_jefe", "top10_incidentes"),
    # issue 12: the Top 10's configuration (window, scope, due days, who closes at 19.3) by the division head
    "admin.top10_config": allow("top10_jefe"),
    # issue 12: a source's column mapping, by whoever imports that kind
    "admin.top10_mapping": allow("top10_gestor", "top10_jefe"),
    # a batch's page and its status block: whoever may import that batch's kind (Cuentas: supervisors)
    **{f"admin.{name}": allow("supervisor", ok=200, prep=accounts_import_batch)
       for name in ("import_batch", "import_batch_status")},
    # admin: people and devices, administrators only
    **{f"admin.{name}": allow() for name in (
        "users", "user_new", "user_edit", "user_active", "user_password", "user_token_revoke",
        "devices", "device_new", "device_rotate", "device_revoke",
    )},
}


# Admin → Impresoras is open to supervisors, but a printer whose connection reaches the server's OS or network is
# the admin's to define (core/printing/targets.py): backend → who may save a new printer of that kind.
PRINTER_BACKENDS: dict[str, Access] = {
    "virtual": allow(*SUPERVISOR),
    **{backend: allow() for backend in ("network", "file", "usb", "serial", "cups")},
}
PRINTER_FIELDS = {"network": {"host": "127.0.0.1"}, "file": {"path": "caja.prn"}, "usb": {"usb_vendor": "0x04b8",
                  "usb_product": "0x0e15"}, "serial": {"serial_device": "/dev/ttyS0"}, "cups": {"cups_queue": "fichas"}}


# --- callers ----------------------------------------------------------------------------------------------------

@dataclass
class Caller:
    name: str
    client: FlaskClient
    headers: dict[str, str]


def make_caller(app: Flask, name: str, place: Place) -> Caller:
    client = app.test_client()
    headers: dict[str, str] = {}
    if name in STAFF:
        users.create_user(name, PASSWORD, [name])
        headers["X-CSRFToken"] = login(client, name)
        return Caller(name, client, headers)
    if name in DEVICES:
        extra = {"panel": {"area": place.area}, "survey": {"desk": place.desk}}.get(name, {})
        headers["Authorization"] = f"Bearer {device_token(name, **extra)}"
    # The CSRF token lets the access check answer, not the CSRF check (tested on its own).
    headers["X-CSRFToken"] = csrf_from(client.get("/login").get_data(as_text=True))
    return Caller(name, client, headers)


def _default_param(name: str, converter: str, place: Place) -> object:
    if converter == "int":
        return MISSING_ID
    return {"desk": place.desk, "area": place.area, "filename": "css/base.css",
            "token": "no-existe"}.get(name, "NOEXISTE")


def _placeholder(value: Any) -> str | None:
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return value[1:-1]
    return None


def build_request(rule: Any, access: Access, place: Place) -> tuple[str, dict[str, Any] | None]:
    values = access.prep(place) if access.prep else {}
    path = rule.rule
    for match in re.finditer(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>", rule.rule):
        converter, name = match.group(1) or "default", match.group(2)
        value = access.params.get(name, values.get(name))
        path = path.replace(match.group(0), str(_default_param(name, converter, place) if value is None else value))
    body = None
    if access.json is not None:
        named = {**place.values(), **values}
        body = {k: (v if _placeholder(v) is None else named[_placeholder(v)]) for k, v in access.json.items()}
    return path, body


def expected(access: Access, who: str, path: str) -> int | str:
    if who in access.allowed:
        return access.ok if access.ok is not None else "allowed"
    if who == "anonymous":
        return access.anon if access.anon is not None else (401 if path.startswith("/api/") else 302)
    return access.denied


def outcome(response: Any) -> int | str:
    status = response.status_code
    if status in (401, 403) or status >= 500:
        return status
    if status == 302 and response.headers.get("Location", "").split("?")[0].endswith("/login"):
        return 302
    return status


def matches(want: int | str, got: int | str, response: Any) -> bool:
    if want == "allowed":
        refused = got in (401, 403) or (got == 302 and response.headers.get("Location", "").startswith("/login"))
        return isinstance(got, int) and got < 500 and not refused
    return want == got


def routes(app: Flask) -> list[tuple[Any, str]]:
    """(rule, method) for every route; logout last, since it ends the caller's session."""
    found = [(rule, method) for rule in app.url_map.iter_rules()
             for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return sorted(found, key=lambda item: (item[0].endpoint == "auth.logout", item[0].endpoint, item[0].rule))


# --- the tests ---------------------------------------------------------------------------------------------------

def test_every_route_has_an_access_row(app) -> None:
    """A new route fails here until ACCESS says who may call it."""
    missing = sorted({rule.endpoint for rule, _method in routes(app)} - set(ACCESS))
    assert not missing, (
        "routes without a row in ACCESS (tests/api/test_access_matrix.py): add `\"<endpoint>\": allow(<roles>)` "
        f"for each of {missing}"
    )


@pytest.mark.parametrize("who", IDENTITIES)
def test_each_route_answers_the_caller_as_the_table_says(app, place, who: str) -> None:
    """Every route gives this caller its success answer when allowed, and 401/403/login otherwise."""
    caller = make_caller(app, who, place)
    wrong = []
    for rule, method in routes(app):
        access = ACCESS.get(rule.endpoint)
        if access is None:
            continue  # reported by test_every_route_has_an_access_row
        if access.before is not None:
            access.before(caller.client, caller.headers, place)
        path, body = build_request(rule, access, place)
        kwargs: dict[str, Any] = {"headers": caller.headers}
        if body is not None and method == "POST":
            kwargs["json"] = body
        response = caller.client.open(path, method=method, **kwargs)
        want, got = expected(access, who, path), outcome(response)
        if not matches(want, got, response):
            wrong.append(f"{method} {path} ({rule.endpoint}): expected {want}, got {response.status_code} "
                         f"{response.get_data(as_text=True)[:160]!r}")
    assert not wrong, f"{who}:\n" + "\n".join(wrong)


def test_an_agent_may_not_transfer_a_ticket_another_desk_holds(app, place) -> None:
    """The transfer row's ownership rule: the agent caller, signed in at the second desk, is refused (403) the
    ticket the first desk holds; the supervisor caller may move it."""
    agent, supervisor = make_caller(app, "agent", place), make_caller(app, "supervisor", place)
    agent.client.post("/desk/sign-in", data={"desk": place.second_desk}, headers=agent.headers)
    for caller, want in ((agent, 403), (supervisor, 200)):
        desk_has_called_ticket(place)
        held = _desk(place).current_ticket_id
        response = caller.client.post(f"/api/v1/tickets/{held}/transfer", json={"queue": place.other_queue},
                                      headers=caller.headers)
        assert response.status_code == want, response.get_data(as_text=True)


@pytest.mark.parametrize("who", ("admin", "supervisor"))
def test_printer_backends_by_role(app, place, who: str) -> None:
    """Each backend of *Nueva impresora* is saved for the roles PRINTER_BACKENDS names and refused (the form again,
    422, with the reason) for the others."""
    caller = make_caller(app, who, place)
    wrong = []
    for backend, access in PRINTER_BACKENDS.items():
        data = {"code": f"{backend}-{who}", "name": backend, "backend": backend, "port": "9100", "baudrate": "9600",
                "profile": "TM-T20II", "codepage": "CP858", "paper_width_mm": "80", "timeout": "1",
                **PRINTER_FIELDS.get(backend, {}), "csrf_token": caller.headers["X-CSRFToken"]}
        response = caller.client.post("/admin/impresoras/nueva", data=data)
        want = 302 if who in access.allowed else 422
        if response.status_code != want:
            wrong.append(f"{backend}: expected {want}, got {response.status_code}")
    assert not wrong, f"{who}:\n" + "\n".join(wrong)
