"""Live screens that missed an event catch up by themselves.

An event emitted by a process a screen is not connected to never reaches it: on one instance without Redis, the
nightly command-line jobs (`flask close-desks`, `flask close-past-days`) change desks and tickets, and a desk
console or reception PC left on overnight kept yesterday's state until the office's next event. Every
CHECK_EVERY_S a staff screen asks where the staff sequence stands in the database (`staff_seq`, web/sockets.py);
still behind it a moment later, it resyncs (static/common/live.js, `catchUp`). Panels learn their room's sequence
from the answer to their health report (display/events.py).
"""

from __future__ import annotations

from core.realtime import broadcast, outbox, rooms

CHECK_EVERY_S = 30  # pages read it from <body data-catch-up-every>


def every_s() -> int:
    """For the pages (a Jinja global): read at each render."""
    return CHECK_EVERY_S


def staff_seq() -> int:
    return outbox.current_seq(rooms.STAFF)


def panel_seq(area: str) -> int:
    """The sequence of the area room a panel watches (`area` as its snapshot names it, ALL included)."""
    return outbox.current_seq(broadcast.area_room(area))
