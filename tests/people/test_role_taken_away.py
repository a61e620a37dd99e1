"""Taking a role away from a person signs them out everywhere (their open screens say their access ended and
their desks close); giving one more does not. A reception screen whose role was taken away stayed usable-looking
until its next action was refused."""

from __future__ import annotations

from sqlalchemy import select

from core.actors import Actor
from core.extensions import db
from core.models import ConfigChange, Desk, User
from core.people import management
from core.tickets import desk_shifts
from tests.helpers import actor_for, make_user


def test_taking_a_role_away_ends_the_sessions_and_closes_the_desk(app, counter) -> None:
    boss = actor_for("jefe-roles", "admin")
    user = make_user("maria-roles", "agent")
    desk_shifts.sign_in(counter.desk, actor=Actor.of_user(user))
    version = user.session_version
    management.update_user(user.id, full_name="", roles=["agent", "reception"], actor=boss)
    assert db.session.get(User, user.id).session_version == version  # a role more: nothing ends
    management.update_user(user.id, full_name="", roles=["reception"], actor=boss)
    assert db.session.get(User, user.id).session_version == version + 1
    assert db.session.scalar(select(Desk.state).where(Desk.code == counter.desk)) == "closed"
    last = db.session.scalars(select(ConfigChange).order_by(ConfigChange.id.desc())).first()
    assert last.summary.endswith(management.ROLE_TAKEN_AWAY)


def test_the_admin_is_told_the_person_must_sign_in_again(admin, app) -> None:
    user = make_user("pedro-roles", "agent", "reception")
    page = admin.get(f"/admin/usuarios/{user.id}")
    csrf = page.get_data(as_text=True).split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    answer = admin.post(f"/admin/usuarios/{user.id}", data={"csrf_token": csrf, "full_name": "Pedro",
                                                          "roles": ["reception"]}, follow_redirects=True)
    assert "Se le quitó un rol: sus pantallas abiertas se cerraron y debe volver a identificarse." in \
        answer.get_data(as_text=True)
