"""A screen whose access ends while it is open (a device revoked, a user disabled) says so over everything: it read
«Sin conexión · reconectando…» forever, with the waiting room's stale numbers and live-looking buttons."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from core.extensions import db
from core.models import Device, User
from core.people import management
from tests.browser.test_panel_desk import open_desk, open_panel
from tests.builders import Counter
from tests.helpers import actor_for, device_token, make_user
from tests.shots import shot

pytestmark = pytest.mark.browser


def test_a_revoked_panel_says_it_has_no_access(live_server, new_page, counter: Counter) -> None:
    token = device_token("panel", "panel-revocado", area=counter.area.code)
    panel = open_panel(new_page, live_server, token, counter.area.code)
    device = db.session.scalar(select(Device).where(Device.name == "panel-revocado"))
    management.revoke(device.id, actor=actor_for("admin-revoca", "admin"))
    ended = panel.get_by_role("alertdialog")
    expect(ended).to_contain_text("Esta pantalla ya no tiene acceso")
    expect(ended.get_by_role("button", name="Volver a identificarse")).to_be_focused()


def test_an_agent_disabled_at_the_desk_reads_it(live_server, new_page, counter: Counter) -> None:
    make_user("asesor-baja", "agent")
    desk = open_desk(new_page, live_server, "asesor-baja", desk=counter.desk, size=(1366, 768))
    user = db.session.scalar(select(User).where(User.username == "asesor-baja"))
    management.set_active(user.id, False, actor=actor_for("admin-baja", "admin"))
    expect(desk.get_by_role("alertdialog")).to_contain_text("El administrador desactivó este equipo o este usuario")
    shot(desk, "desk_access_ended.png")


def test_an_agent_whose_role_is_taken_away_reads_it(live_server, new_page, counter: Counter) -> None:
    """The admin makes a desk agent a reception clerk: the console, still looking usable, refused only its next
    action; now it says its access ended, and the desk held in their name closes."""
    make_user("asesor-cambio", "agent")
    desk = open_desk(new_page, live_server, "asesor-cambio", desk=counter.desk, size=(1366, 768))
    user = db.session.scalar(select(User).where(User.username == "asesor-cambio"))
    management.update_user(user.id, full_name="", roles=["reception"], actor=actor_for("admin-roles", "admin"))
    expect(desk.get_by_role("alertdialog")).to_contain_text("Esta pantalla ya no tiene acceso")
