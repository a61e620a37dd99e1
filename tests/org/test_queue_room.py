"""A queue moved to another waiting room takes its desks along (core/org/desk_room.py `follow`): a desk that then
serves only queues of the new room moves with it; one that would serve queues of two rooms refuses the move, and
nothing changes."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.actors import SYSTEM
from core.errors import Invalid
from core.extensions import db
from core.models import ConfigChange, Desk, DeskQueue, Queue
from core.org import desk_room, office
from core.tx import unit_of_work
from tests.builders import make_area, make_desk, make_queue


def _move(queue: Queue, area_code: str, **changes: object) -> office.SavedQueue:
    form = {"code": queue.code, "prefix": queue.prefix, "name": queue.name, "area": area_code,
            "sla_minutes": queue.sla_minutes, "default_service_minutes": queue.default_service_minutes,
            "active": queue.active}
    return office.save_queue(queue.id, **{**form, **changes}, actor=SYSTEM)


def _room_of_desk(desk: Desk) -> str:
    db.session.expire_all()
    return db.session.get(Desk, desk.id).area.name


@pytest.fixture
def rooms(app):
    """«Plataforma» downstairs, «Mezanine» upstairs."""
    return make_area(name="Plataforma"), make_area(name="Mezanine")


def test_desks_serving_only_the_moved_queue_move_with_it(rooms) -> None:
    """A desk of that queue alone, and one whose other queue already waits upstairs, follow it; the success message
    names both; a desk of another queue stays."""
    plat, mez = rooms
    queue = make_queue(area=plat, prefix="BQ", name="Reclamos")
    upstairs = make_queue(area=mez)
    alone = make_desk(queues=[queue], name="Mesón 5")
    # Saved before the rule: downstairs, though one of its queues already waited upstairs.
    both = make_desk(queues=[queue], name="Mesón 6")
    with unit_of_work():
        db.session.add(DeskQueue(desk_id=both.id, queue_id=upstairs.id, position=1))
    other = make_desk(queues=[make_queue(area=plat)], name="Mesón 7")

    saved = _move(queue, mez.code)

    assert (_room_of_desk(alone), _room_of_desk(both), _room_of_desk(other)) == ("Mezanine", "Mezanine", "Plataforma")
    assert saved.message == ("Cola guardada. Pasaron con ella a «Mezanine» los mesones «Mesón 5» y «Mesón 6», que solo "
                             "atienden colas de esa sala.")
    assert desk_room.misplaced(db.session.get(Desk, alone.id).area, db.session.get(Desk, alone.id).queues) is None


def test_one_desk_moved_is_said_in_the_singular(rooms) -> None:
    plat, mez = rooms
    queue = make_queue(area=plat)
    make_desk(queues=[queue], name="Mesón 5")
    assert _move(queue, mez.code).message == ("Cola guardada. Pasó con ella a «Mezanine» el mesón «Mesón 5», que solo "
                                              "atiende colas de esa sala.")


def test_a_move_that_would_split_a_desk_is_refused_and_changes_nothing(rooms) -> None:
    """A desk serving the moved queue and another one that stays downstairs would answer to two panels: the move is
    refused naming the desk, the queue that keeps it downstairs and what to do; the queue, its name and every desk
    stay as they were."""
    plat, mez = rooms
    queue = make_queue(area=plat, prefix="BQ", name="Reclamos")
    staying = make_queue(area=plat, prefix="CJ", name="Caja")
    split = make_desk(queues=[queue, staying], name="Mesón 5")
    follower = make_desk(queues=[queue], name="Mesón 6")

    with pytest.raises(Invalid) as refused:
        _move(queue, mez.code, name="Reclamos técnicos")

    assert refused.value.message == (
        "No se puede pasar la cola «BQ · Reclamos técnicos» a «Mezanine»: el mesón «Mesón 5» (atiende también "
        "«CJ · Caja», en «Plataforma») quedaría atendiendo colas de dos salas, y un mesón atiende colas de una sola "
        "sala, la misma donde está. Primero quite la cola «BQ · Reclamos técnicos» del mesón «Mesón 5» "
        "(Administración → Mesones), o pase también esas colas a «Mezanine», y vuelva a guardar.")
    db.session.expire_all()
    kept = db.session.get(Queue, queue.id)
    assert (kept.area.name, kept.name) == ("Plataforma", "Reclamos")
    assert (_room_of_desk(split), _room_of_desk(follower)) == ("Plataforma", "Plataforma")


def test_after_removing_the_queue_from_the_desk_the_move_goes_through(rooms) -> None:
    """Doing what the refusal says works: the desk keeps its other queue downstairs, the queue goes up alone."""
    plat, mez = rooms
    queue, staying = make_queue(area=plat), make_queue(area=plat)
    split = make_desk(queues=[queue, staying], name="Mesón 5")
    with pytest.raises(Invalid):
        _move(queue, mez.code)
    office.save_desk(split.id, code=split.code, name=split.name, spoken_name="", area=plat.code,
                     queues=[staying.code], active=True, actor=SYSTEM)
    assert _move(queue, mez.code).message == "Cola guardada."
    assert _room_of_desk(split) == "Plataforma"


def test_an_inactive_desk_does_not_block_the_move(rooms) -> None:
    """A desk switched off calls nobody: it stays, flagged in «Mesones» until someone edits it, while the active
    desk of the queue goes up with it."""
    plat, mez = rooms
    queue, staying = make_queue(area=plat), make_queue(area=plat)
    idle = make_desk(queues=[queue, staying], name="Mesón 5", active=False)
    follower = make_desk(queues=[queue], name="Mesón 6")
    _move(queue, mez.code)
    desk = db.session.get(Desk, idle.id)
    assert desk.area.name == "Plataforma"
    assert "salas distintas" in desk_room.misplaced(desk.area, desk.queues)
    assert _room_of_desk(follower) == "Mezanine"


def test_each_moved_desk_is_in_the_change_log(rooms) -> None:
    """The audit says the desk changed room and why, after the queue's own change."""
    plat, mez = rooms
    queue = make_queue(area=plat, prefix="BQ", name="Reclamos")
    desk = make_desk(queues=[queue], name="Mesón 5")
    _move(queue, mez.code)
    rows = list(db.session.scalars(select(ConfigChange).order_by(ConfigChange.id.desc()).limit(2)))[::-1]
    assert [(row.kind, row.object_name, row.summary) for row in rows] == [
        ("queue", "Reclamos", "Sala: «Plataforma» → «Mezanine»"),
        ("desk", "Mesón 5", "Sala: «Plataforma» → «Mezanine» (con la cola «BQ · Reclamos»)"),
    ]
    assert rows[1].object_code == desk.code
