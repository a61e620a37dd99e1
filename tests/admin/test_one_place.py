"""Each cross-cutting rule answered from its one place: who may (core/roles.py, and in the domain), what a
refused form does (web/errors.py), the settings' bounds (core/settings.py), the ticket labels
(core/tickets/states.py)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from core import clock, settings
from core.accounts import account_import
from core.actors import SYSTEM, Actor
from core.errors import Forbidden, Invalid
from core.extensions import db
from core.models import Account, Announcement, CatalogueNode, Setting, User, WaitingArea
from core.org import catalogue_edit, office, settings_edit
from core.panels import announcements, media_slot
from core.people import management
from core.reporting import monitor
from core.tickets import desk_shifts, desks
from tests.builders import make_desk
from tests.helpers import actor_for, login, make_user
from tests.staff import signed_in

# --- the menus show what the routes admit -----------------------------------------------------------------

TOP_BAR = ("Recepción", "Mesón", "Administración", "Top 10")


def top_bar(app, username: str, role: str) -> list[str]:
    make_user(username, role)
    client = app.test_client()
    login(client, username)
    html = client.get("/login", follow_redirects=True).get_data(as_text=True)
    nav = html.split('aria-label="Principal"', 1)[1].split("</nav>", 1)[0]
    return [label for label in TOP_BAR if f">{label}</a>" in nav]


@pytest.mark.parametrize(("role", "links"), [
    ("supervisor", list(TOP_BAR)),
    ("admin", list(TOP_BAR)),
    ("reception", ["Recepción"]),
    ("agent", ["Mesón"]),
    ("top10_usm", ["Top 10"]),
])
def test_the_top_bar_links_the_screens_the_person_may_open(app, role, links) -> None:
    """Each link shows to whoever its page admits, so a supervisor also finds reception and the Top 10."""
    assert top_bar(app, f"u-{role}", role) == links


@pytest.mark.parametrize(("role", "home"), [
    ("supervisor", "/admin/"), ("reception", "/recepcion"), ("agent", "/desk"), ("tecnico", "/admin/top10/"),
])
def test_signing_in_lands_on_the_first_screen_the_roles_open(app, role, home) -> None:
    make_user(f"u-{role}", role)
    client = app.test_client()
    login(client, f"u-{role}")
    assert client.get("/").headers["Location"] == home


# --- settings: one table of defaults, labels and bounds ----------------------------------------------------

def test_the_top10_window_cannot_be_saved_as_zero_from_the_form(app) -> None:
    """0 days is refused with the setting's name and bounds; nothing is stored and the form keeps the 0 (in the
    Top 10's configuration, by the Jefe División)."""
    values = {**{k: str(v) for k, v in settings.all_settings().items() if k in settings.specs("top10")},
              "top10_window_days": "0"}
    response = signed_in(app, "jefediv", "top10_jefe").post("/admin/top10/configuracion", values)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    label = settings.SETTINGS["top10_window_days"].label
    assert f"«{label}» debe estar entre 1 y 90." in body
    assert re.search(r'name="top10_window_days" type="number" value="0"[^>]* min="1" max="90"', body)
    assert db.session.get(Setting, "top10_window_days") is None and settings.get("top10_window_days") == 10


def test_the_top10_window_cannot_be_saved_as_zero_in_the_domain(app) -> None:
    with pytest.raises(Invalid, match="debe estar entre 1 y 90"):
        settings_edit.save({"top10_window_days": 0}, actor=SYSTEM)
    settings_edit.save({"top10_window_days": 1}, actor=SYSTEM)
    assert settings.get("top10_window_days") == 1


def test_the_settings_form_shows_each_settings_bounds(supervisor) -> None:
    body = supervisor.get("/admin/parametros").get_data(as_text=True)
    for key, spec in settings.specs("office").items():
        if spec.transaction:  # the catalogue's trámites (tests/admin/test_debt_transaction_setting.py), or none
            field = re.search(rf'<select[^>]* name="{key}"[^>]*>(.*?)</select>', body, re.S)
            assert field and re.findall(r'value="([^"]*)"', field.group(1))[:1] == [""]
        elif spec.choices:  # a list to choose from (e.g. office_days): exactly its values
            field = re.search(rf'<select[^>]* name="{key}"[^>]*>(.*?)</select>', body, re.S)
            assert field and re.findall(r'value="([^"]*)"', field.group(1)) == [v for v, _t in spec.choices]
        elif spec.max_len:
            assert re.search(rf'name="{key}"[^>]* maxlength="{spec.max_len}"', body)
        else:
            assert re.search(rf'name="{key}"[^>]* min="{spec.low}" max="{spec.high}"', body)


# --- every admin operation checks its actor in the domain --------------------------------------------------

@pytest.fixture
def room(app) -> WaitingArea:
    """A waiting room in use: a queue and a desk are in it."""
    return make_desk().area


def _node() -> catalogue_edit.NodeInput:
    return catalogue_edit.NodeInput(kind="category", code="NUEVA", label="Nueva")


REFUSED: dict[str, tuple[tuple[str, ...], Callable[[Actor, Path, WaitingArea], object]]] = {
    "save_area": (("agent",), lambda a, _p, _r: office.save_area(None, code="X1", name="X", directions="", actor=a)),
    "delete_area": (("reception",), lambda a, _p, r: office.delete_area(r.id, actor=a)),
    "save_queue": (("agent",), lambda a, _p, r: office.save_queue(
        None, code="XQ", prefix="X", name="X", area=r.code, sla_minutes=10, default_service_minutes=5,
        active=True, actor=a)),
    "save_desk": (("top10_gestor",), lambda a, _p, r: office.save_desk(
        None, code="XD", name="X", spoken_name="", area=r.code, queues=[], active=False, actor=a)),
    "save_node": (("agent",), lambda a, _p, _r: catalogue_edit.save_node(None, _node(), actor=a)),
    "announcement": (("reception",), lambda a, _p, _r: announcements.save(
        None, text="Aviso", area="ALL", position=0, active=True, actor=a)),
    "panel_media": (("agent",), lambda a, p, r: media_slot.save(r.code, "a.png", b"\x89PNG\r\n\x1a\n",
                                                                 instance_path=str(p), actor=a)),
    "settings": (("reception",), lambda a, _p, _r: settings_edit.save({"panel_history": 3}, actor=a)),
    "accounts": (("agent",), lambda a, _p, _r: account_import.import_accounts(b"cuenta\n123456\n", "c.csv",
                                                                               actor=a, now=clock.now())),
    "create_user": (("supervisor",), lambda a, _p, _r: management.create_user(
        "nuevo", full_name="", roles=["agent"], password=None, actor=a)),
    "create_device": (("supervisor",), lambda a, _p, _r: management.create_device("kiosk", "k-nuevo", actor=a)),
}


def _counts() -> tuple[int, ...]:
    return tuple(db.session.scalar(select(func.count()).select_from(model))
                 for model in (WaitingArea, CatalogueNode, Announcement, Setting, Account, User))


@pytest.mark.parametrize("operation", sorted(REFUSED))
def test_an_admin_operation_refuses_an_actor_without_the_role_in_the_domain(app, tmp_path, room,
                                                                            operation) -> None:
    """Called directly (a script, a future view), the domain refuses and changes nothing."""
    roles, call = REFUSED[operation]
    who = actor_for("alguien", *roles)
    before, instance = _counts(), tmp_path / "otra-instancia"
    with pytest.raises(Forbidden):
        call(who, instance, room)
    assert _counts() == before and not instance.exists()


# --- a refused form goes back to its page with the message --------------------------------------------------

def test_a_refused_form_goes_back_to_the_page_it_came_from(supervisor, room) -> None:
    """Deleting an area in use from the list goes back to the list, which says why."""
    referer = "http://localhost/admin/salas?orden=codigo"
    response = supervisor.post(f"/admin/salas/{room.id}/eliminar", headers={"Referer": referer})
    assert response.status_code == 302 and response.headers["Location"] == "/admin/salas?orden=codigo"
    assert "tiene colas, mesones, paneles o avisos" in supervisor.get("/admin/salas").get_data(as_text=True)


@pytest.mark.parametrize("referer", [None, "https://otro-sitio.example/admin/salas"])
def test_without_a_referrer_of_this_site_it_goes_to_the_nearest_page(supervisor, room, referer) -> None:
    """No referrer, or another site's: back to the nearest page above the posted address (the area's page)."""
    headers, room_id = {"Referer": referer} if referer else {}, room.id
    response = supervisor.post(f"/admin/salas/{room_id}/eliminar", headers=headers)
    assert response.status_code == 302 and response.headers["Location"] == f"/admin/salas/{room_id}"


def test_a_script_asking_for_json_keeps_the_error_body(supervisor, room) -> None:
    response = supervisor.post(f"/admin/salas/{room.id}/eliminar", headers={"Accept": "application/json"})
    assert response.status_code == 422 and response.get_json()["error"]["code"] == "area_in_use"


def test_the_desk_sign_in_refusal_goes_back_to_the_console(app, counter) -> None:
    """Choosing a desk another agent holds: back to /desk with the reason."""
    desk_shifts.sign_in(counter.desk, actor=actor_for("asesor2", "agent"))
    staff = signed_in(app, "asesor1", "agent")
    response = staff.post("/desk/sign-in", {"desk": counter.desk})
    assert response.status_code == 302 and response.headers["Location"] == "/desk"
    assert "está a cargo de otro funcionario" in staff.get("/desk").get_data(as_text=True)


# --- ticket statuses and actions: one list of labels --------------------------------------------------------

def test_the_audit_and_the_monitor_name_moves_from_the_same_list(supervisor, counter) -> None:
    ticket = counter.issue()
    desks.call_next(counter.desk, actor=SYSTEM)
    body = supervisor.get("/admin/auditoria", query_string={"ficha": ticket.label}).get_data(as_text=True)
    assert "<td>Llamado</td>" in body and "En espera → Llamada" in body and "<td>Emisión</td>" in body
    assert [e["label"] for e in monitor.snapshot()["events"]][:2] == ["Llamado", "Emisión"]
