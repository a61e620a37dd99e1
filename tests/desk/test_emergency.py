"""«Emergencia» on the desk console (staff safety, issue 11): off by default; when on, it reaches supervisors'
sockets only, with desk, agent and time, stays open until acknowledged, and is recorded."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from core.errors import Forbidden, NotFound
from core.extensions import db, socketio
from core.models import EmergencyAlert, Setting
from core.reporting import emergency, monitor
from tests.builders import make_actor
from tests.helpers import token_for

T0 = datetime(2026, 11, 27, 14, 42, 5, tzinfo=UTC)  # 10:42:05 in La Paz


@pytest.fixture
def switched_on(app) -> None:
    db.session.merge(Setting(key="desk_emergency", value="on"))
    db.session.commit()


def socket_of(app, username: str, *roles: str):
    """A staff member's live socket (API token: test clients would share one signed-in user through `g`)."""
    sock = socketio.test_client(app, auth={"token": token_for(username, *roles)})
    sock.get_received()
    return sock


def test_off_by_default(app, counter, agent) -> None:
    """Without the setting the API refuses it, and the console shows no button."""
    with pytest.raises(Forbidden, match="no está activado"):
        emergency.raise_alert(counter.desk, actor=agent)
    assert emergency.enabled() is False


def test_reaches_supervisors_only_with_desk_agent_and_time(app, counter, switched_on) -> None:
    """The supervisor's and admin's sockets get it at once; reception's and another agent's do not."""
    listening = {name: socket_of(app, name, role) for name, role in (
        ("supervisora", "supervisor"), ("jefe", "admin"), ("recepcion1", "reception"), ("asesor2", "agent"))}
    agent = make_actor("asesor1", "agent")
    emergency.raise_alert(counter.desk, actor=agent, now=T0)
    got = {name: [m for m in sock.get_received() if m["name"] == "emergency"] for name, sock in listening.items()}
    for sock in listening.values():
        sock.disconnect()
    [message] = got["supervisora"]
    alert = message["args"][0]
    assert (alert["desk"], alert["agent"], alert["raised_at"]) == (counter.desk, "asesor1", "2026-11-27T10:42:05-04:00")
    assert len(got["jefe"]) == 1 and got["recepcion1"] == [] and got["asesor2"] == []


def test_stays_until_acknowledged_and_is_recorded(app, counter, agent, switched_on) -> None:
    """Open in every monitor snapshot until a supervisor acknowledges it; the row keeps who and when."""
    alert = emergency.raise_alert(counter.desk, actor=agent, now=T0)
    assert [a["id"] for a in monitor.snapshot()["emergencies"]] == [alert.id]
    supervisor = make_actor("supervisora", "supervisor")
    emergency.acknowledge(alert.id, actor=supervisor, now=T0.replace(minute=44))
    assert monitor.snapshot()["emergencies"] == []
    row = db.session.get(EmergencyAlert, alert.id)
    assert (row.agent_name, row.acknowledged_by) == ("asesor1", "supervisora")
    assert emergency.recent()[0]["acknowledged_at"] == "2026-11-27T10:44:05-04:00"


def test_only_supervisors_acknowledge(app, counter, agent, switched_on) -> None:
    alert = emergency.raise_alert(counter.desk, actor=agent)
    with pytest.raises(Forbidden):
        emergency.acknowledge(alert.id, actor=agent)
    with pytest.raises(NotFound):
        emergency.acknowledge(2**40, actor=make_actor("supervisora", "supervisor"))


def test_an_agent_raises_it_only_from_their_own_desk(app, counter, agent, switched_on) -> None:
    """A desk another agent holds cannot be used to raise (or fake) their alert."""
    from core.tickets import desk_shifts

    desk_shifts.sign_in(counter.desk, actor=agent)
    with pytest.raises(Forbidden):
        emergency.raise_alert(counter.desk, actor=make_actor("asesor2", "agent"))


def test_the_audit_page_lists_the_alerts(app, counter, agent, switched_on, supervisor) -> None:
    """Admin → Auditoría lists each alert: time, desk, agent, and whether (and by whom) it was acknowledged."""
    emergency.raise_alert(counter.desk, actor=agent, now=T0)
    page = supervisor.get("/admin/auditoria").get_data(as_text=True)
    assert "Alertas de emergencia de los mesones" in page
    assert "27/11/2026 10:42:05" in page and "asesor1" in page and "Sin atender" in page
