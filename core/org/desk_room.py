"""Which waiting room a desk is in: the room of the queues it serves (DESIGN.md §2–3).

A customer waits in their queue's room and its panel shows the call (core/realtime/broadcast.py): a desk in
another room would call people who do not know they must go there. So a desk serves the queues of one room,
and stands in that room; left blank, the room is the one its queues share.
"""

from __future__ import annotations

from core import lookups
from core.errors import Invalid
from core.models import Queue, WaitingArea


def room_of(area_code: str, served: list[Queue], chosen: WaitingArea | None = None) -> WaitingArea:
    """The desk's room: the one chosen (`area_code`, or the room itself as `chosen`), or the one its queues share
    when left blank; refused when the queues wait in different rooms or the chosen room is not theirs."""
    rooms = list(dict.fromkeys(queue.area for queue in served))
    if len(rooms) > 1:
        names = ", ".join(f"«{queue.prefix} · {queue.name}» en {queue.area.name}" for queue in served)
        raise Invalid(f"Las colas marcadas esperan en salas distintas ({names}): un mesón atiende colas de una sola "
                      "sala, la misma donde está.", code="desk_queues_rooms")
    if not area_code.strip():
        if not rooms:
            raise Invalid("Elija la sala de espera del mesón.", code="missing_field")
        return rooms[0]
    chosen = chosen or lookups.area(area_code.strip())
    if rooms and rooms[0].id != chosen.id:
        queue = served[0]
        raise Invalid(f"El mesón está en «{chosen.name}», pero la cola «{queue.prefix} · {queue.name}» espera en "
                      f"«{rooms[0].name}»: sus clientes ven el llamado en el panel de esa sala y no sabrían que deben "
                      f"ir a {chosen.name}. Elija «{rooms[0].name}» o colas de {chosen.name}.",
                      code="desk_room_mismatch")
    return chosen


def misplaced(area: WaitingArea, served: list[Queue]) -> str | None:
    """Why a saved desk in `area` breaks the rule (`room_of`'s refusal), or None: a desk saved before the rule, or
    left behind when its queue moved to another room, is listed with it until someone edits it."""
    try:
        room_of(area.code, served, area)
    except Invalid as error:
        return error.message
    return None
