"""Live monitor snapshot, the staff events it follows, the audit search, and who may open the admin pages."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from core import clock
from core.actors import CUSTOMER, SYSTEM, Actor
from core.extensions import db, socketio
from core.models import User
from core.realtime import outbox
from core.tickets import desk_shifts, desks, engine
from tests.builders import make_desk, make_device
from tests.helpers import FrozenClock, actor_for, login, make_user

SUPERVISOR_PAGES = ["/admin/", "/admin/monitor", "/admin/estadisticas", "/admin/auditoria", "/admin/catalogo",
                    "/admin/folletos", "/admin/directorio", "/admin/salas", "/admin/salas/nueva", "/admin/colas",
                    "/admin/colas/nueva", "/admin/mesones", "/admin/mesones/nuevo", "/admin/avisos",
                    "/admin/avisos/nuevo", "/admin/parametros", "/admin/catalogo/nuevo"]
ADMIN_PAGES = ["/admin/usuarios", "/admin/usuarios/nuevo", "/admin/dispositivos", "/admin/dispositivos/nuevo"]


@pytest.mark.postgres
def test_snapshot_lists_waiting_tickets_per_queue(supervisor, counter) -> None:
    """The snapshot gives each queue its waiting tickets with since when they wait, and its SLA."""
    FrozenClock()
    first, second = counter.issue(), counter.issue()
    data = supervisor.get("/admin/monitor/snapshot").get_json()
    plat = next(q for q in data["queues"] if q["code"] == counter.queue.code)
    assert [t["number"] for t in plat["waiting"]] == [first.label, second.label]
    assert plat["waiting"][0]["waiting_since"] == "2026-11-23T09:00:00-04:00" and plat["sla_minutes"] == 15


@pytest.mark.postgres
def test_snapshot_shows_desk_agent_and_ticket(supervisor, counter) -> None:
    """A desk that called shows its state, its agent and the ticket with the call time."""
    FrozenClock()
    ticket = counter.issue()
    desks.call_next(counter.desk, actor=actor_for("asesor1", "agent"))
    data = supervisor.get("/admin/monitor/snapshot").get_json()
    p01 = next(d for d in data["desks"] if d["code"] == counter.desk)
    assert (p01["state"], p01["agent"], p01["ticket"]["number"], p01["ticket"]["status"]) == (
        "open", "asesor1", ticket.label, "called")
    assert [e["action"] for e in data["events"][:2]] == ["call", "issue"]


@pytest.mark.postgres
def test_snapshot_seq_is_the_staff_room_sequence(supervisor, counter) -> None:
    """The snapshot's seq is the staff room's, so the page can detect a gap."""
    counter.issue()
    assert supervisor.get("/admin/monitor/snapshot").get_json()["seq"] == outbox.current_seq("staff")


@pytest.mark.postgres
def test_staff_socket_gets_desk_changed_with_agent(app, supervisor, counter) -> None:
    """`desk_changed` carries the agent's name for the monitor."""
    client = socketio.test_client(app, flask_test_client=supervisor.client)
    assert client.is_connected()
    counter.issue()
    desks.call_next(counter.desks[1], actor=actor_for("asesor2", "agent"))
    changed = [m["args"][0] for m in client.get_received() if m["name"] == "desk_changed"]
    assert changed[-1]["desk"] == counter.desks[1] and changed[-1]["agent"] == "asesor2"
    client.disconnect()


def test_desk_changed_says_since_when_the_desk_is_in_its_state(app, supervisor, counter) -> None:
    """A pause reaches the monitor with the server's own «desde …» (`state_since`), not the browser's clock."""
    clock_now = FrozenClock()
    agent = actor_for("asesor2", "agent")
    desk_shifts.sign_in(counter.desks[1], actor=agent)
    client = socketio.test_client(app, flask_test_client=supervisor.client)
    clock_now.advance(minutes=7)
    desk_shifts.pause(counter.desks[1], actor=agent)
    (paused,) = [m["args"][0] for m in client.get_received() if m["name"] == "desk_changed"]
    assert paused["state"] == "paused" and paused["state_since"] == clock.iso(clock.now())
    client.disconnect()


@pytest.mark.postgres
def test_audit_search_by_number(supervisor, counter) -> None:
    """Searching «a-1» (the prefix in lower case) lists every event of ticket A-001 with who did it."""
    FrozenClock()
    ticket = counter.issue()
    desks.call_next(counter.desk, actor=actor_for("asesor1", "agent"))
    desks.finish(counter.desk, actor=actor_for("jefa", "supervisor"))
    second = counter.issue()
    body = supervisor.get(f"/admin/auditoria?ficha={counter.queue.prefix.lower()}-1").get_data(as_text=True)
    assert "3 movimientos" in body and second.label not in body
    assert ticket.label in body and "Fin de atención" in body and "jefa" in body


def test_audit_names_a_customer_who_gave_up_the_ticket(supervisor, counter) -> None:
    """A ticket the customer anulled on its page says so in its history: «página de la ficha (cliente)», not
    «(sistema)» as any actor that was neither a person nor a device read."""
    ticket = counter.issue()
    engine.cancel(ticket.id, actor=CUSTOMER, reason="el cliente, desde la página de su ficha", waiting_only=True)
    body = supervisor.get(f"/admin/auditoria?ficha={ticket.label}").get_data(as_text=True)
    assert "página de la ficha <small>(cliente)</small>" in body


def test_audit_names_the_desk_a_transfer_sent_the_ticket_to(supervisor, counter) -> None:
    """«Transferencia · Mesón 1 → Mesón 2»: the audit named only the desk the ticket left."""
    ticket = counter.issue()
    agent = actor_for("asesor-audit", "agent")
    desks.call_next(counter.desks[0], actor=agent)
    engine.transfer(ticket.id, actor=agent, desk=counter.desks[1], note="Es traslado")
    body = supervisor.get(f"/admin/auditoria?ficha={ticket.label}").get_data(as_text=True)
    assert f"<td>{counter.desks[0]} → {counter.desks[1]}</td>" in body


def test_audit_names_a_device_by_its_own_name(supervisor, counter) -> None:
    """A kiosk's ticket reads «kiosco-entrada (dispositivo)» in its history, not «kiosk:kiosco-entrada» with the
    English kind code on a Spanish page."""
    device, _token = make_device("kiosk", "kiosco-entrada")
    ticket = engine.issue_ticket(counter.tx, actor=Actor.of_device(device))
    body = supervisor.get(f"/admin/auditoria?ficha={ticket.label}").get_data(as_text=True)
    assert "kiosco-entrada <small>(dispositivo)</small>" in body and "kiosk:" not in body


@pytest.mark.postgres
def test_audit_search_by_desk_and_agent(supervisor, counter) -> None:
    """Desk and agent filters narrow the log to that desk's and that person's events."""
    agent = actor_for("asesor1", "agent")
    counter.issue()
    counter.issue()
    desks.call_next(counter.desk, actor=agent)
    engine.cancel(counter.issue().id, actor=SYSTEM)
    user_id = db.session.scalar(select(User.id).where(User.username == "asesor1"))
    assert "1 movimiento." in supervisor.get(f"/admin/auditoria?meson={counter.desk}").get_data(as_text=True)
    assert "1 movimiento." in supervisor.get(f"/admin/auditoria?funcionario={user_id}").get_data(as_text=True)


@pytest.mark.postgres
def test_audit_rejects_a_malformed_number(supervisor) -> None:
    """A number that is not like A-023 is explained in Spanish."""
    body = supervisor.get("/admin/auditoria?ficha=123-A").get_data(as_text=True)
    assert "Escriba el número de ficha como en el papel, por ejemplo A-023." in body


@pytest.mark.parametrize("url", SUPERVISOR_PAGES)
def test_supervisor_opens_every_page(supervisor, url: str) -> None:
    """Every supervisor page answers 200."""
    assert supervisor.get(url).status_code == 200


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_admin_opens_people_pages(admin, url: str) -> None:
    """Every admin-only page answers 200 to an admin."""
    assert admin.get(url).status_code == 200


def test_agent_is_refused(app) -> None:
    """A desk agent cannot open the admin area."""
    make_user("asesor1", "agent")
    client = app.test_client()
    login(client, "asesor1")
    assert client.get("/admin/monitor").status_code == 403


def test_anonymous_goes_to_login(client) -> None:
    """Without a session the admin pages redirect to the login form."""
    response = client.get("/admin/estadisticas")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_post_without_csrf_is_refused(supervisor) -> None:
    """A form POST without the CSRF token is refused and changes nothing."""
    response = supervisor.client.post("/admin/salas/nueva", data={"code": "X", "name": "Sin token"})
    assert response.status_code == 400
    assert "Sin token" not in supervisor.get("/admin/salas").get_data(as_text=True)


def test_audit_dropdowns_follow_the_names_they_show(supervisor) -> None:
    """«Mesón» and «Funcionario» list their names in the order a person reads them (not by code or username):
    accents aside, and «Caja 2» before «Caja 10»."""
    make_desk("AAA1", name="Zócalo"), make_desk("ZZZ9", name="Álamo")
    make_desk("MMM1", name="Caja 10"), make_desk("MMM2", name="Caja 2")
    make_user("aaa", "agent", full_name="Zulema Quispe"), make_user("zzz", "agent", full_name="Ángela Mamani")

    body = supervisor.get("/admin/auditoria").get_data(as_text=True)

    def shown(name: str) -> list[str]:
        options = body.split(f'name="{name}"', 1)[1].split("</select>", 1)[0]
        return re.findall(r"<option[^>]*>(.*?)</option>", options)

    desks, agents = shown("meson"), shown("funcionario")
    assert [d for d in desks if d in ("Zócalo", "Álamo", "Caja 10", "Caja 2")] == [
        "Álamo", "Caja 2", "Caja 10", "Zócalo"]
    assert [a for a in agents if a in ("Zulema Quispe", "Ángela Mamani")] == ["Ángela Mamani", "Zulema Quispe"]
    assert desks[0] == agents[0] == "(todos)"
