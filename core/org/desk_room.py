"""Which waiting room a desk is in: the room of the queues it serves (DESIGN.md §2–3).

A customer waits in their queue's room and its panel shows the call (core/realtime/broadcast.py): a desk in
another room would call people who do not know they must go there. So a desk serves the queues of one room,
and stands in that room; left blank, the room is the one its queues share. When a queue moves to another room
(`follow`), the desks that then serve only queues of that room move with it, and a move that would leave a desk
serving two rooms is refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from core import lookups
from core.actors import Actor
from core.errors import Invalid
from core.formatting import listing
from core.models import Desk, Queue, WaitingArea
from core.org import changes


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
    inactive when its queue moved to another room (`follow`), is listed with it until someone edits it."""
    try:
        room_of(area.code, served, area)
    except Invalid as error:
        return error.message
    return None


@dataclass(frozen=True)
class Followed:
    """The desks that followed a queue into its new room (`follow`), each with the room it left."""

    room: WaitingArea | None = None
    desks: tuple[tuple[Desk, WaitingArea], ...] = ()

    @property
    def rooms_left(self) -> list[str]:
        return [left.code for _desk, left in self.desks]

    def note(self) -> str:
        """What the success message adds: which desks moved, so the admin is not surprised in «Mesones»."""
        if not self.desks or self.room is None:
            return ""
        names = listing([f"«{desk.name}»" for desk, _left in self.desks])
        if len(self.desks) == 1:
            return f"Pasó con ella a «{self.room.name}» el mesón {names}, que solo atiende colas de esa sala."
        return f"Pasaron con ella a «{self.room.name}» los mesones {names}, que solo atienden colas de esa sala."


def _one_room(served: list[Queue]) -> WaitingArea | None:
    """The room `served` share, or None when they wait in several (`room_of`'s refusal)."""
    try:
        return room_of("", served)
    except Invalid:
        return None


def follow(queue: Queue, area: WaitingArea, *, actor: Actor) -> Followed:
    """Put `queue` in `area`, with the desks that then serve only queues of `area` (a desk whose room was the queue's
    would call from where its customers no longer wait). Refused, in the caller's unit of work (nothing moves), when
    a desk whose queues shared one room would serve queues of two; an inactive desk, which calls nobody, is left to
    `misplaced` until someone edits it, like a desk that already served two rooms."""
    if queue.area_id == area.id:
        return Followed()
    desks = list(queue.desks)
    one_room_before = {desk.id for desk in desks if _one_room(desk.queues) is not None}
    queue.area_id, queue.area = area.id, area
    split = [desk for desk in desks if desk.active and desk.id in one_room_before and _one_room(desk.queues) is None]
    if split:
        raise Invalid(_split_message(queue, area, split), code="desk_queues_rooms")
    moved = tuple((desk, desk.area) for desk in desks
                  if desk.area_id != area.id and getattr(_one_room(desk.queues), "id", None) == area.id)
    shown_queue = f"«{queue.prefix} · {queue.name}»"
    for desk, left in moved:
        desk.area_id, desk.area = area.id, area
        changes.record(actor, "desk", "update", code=desk.code, name=desk.name,
                       lines=[f"Sala: {changes.shown(left.name)} → {changes.shown(area.name)} (con la cola "
                              f"{shown_queue})"])
    return Followed(area, moved)


def _split_message(queue: Queue, area: WaitingArea, split: list[Desk]) -> str:
    """Names each desk, the queues that keep it in its room, and what to do first."""
    shown_queue = f"«{queue.prefix} · {queue.name}»"
    def others(desk: Desk) -> str:
        return listing([f"«{other.prefix} · {other.name}», en «{other.area.name}»"
                        for other in desk.queues if other.area_id != area.id])

    staying = [f"«{desk.name}» (atiende también {others(desk)})" for desk in split]
    names = listing([f"«{desk.name}»" for desk in split])
    one = len(split) == 1
    return (f"No se puede pasar la cola {shown_queue} a «{area.name}»: {'el mesón' if one else 'los mesones'} "
            f"{listing(staying)} {'quedaría' if one else 'quedarían'} atendiendo colas de dos salas, y un mesón "
            f"atiende colas de una sola sala, la misma donde está. Primero quite la cola {shown_queue} "
            f"{'del mesón' if one else 'de los mesones'} {names} "
            f"(Administración → Mesones), o pase también esas colas a «{area.name}», y vuelva a guardar.")
