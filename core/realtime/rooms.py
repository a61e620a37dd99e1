"""Socket.IO room names, and which staff audience a socket joins.

Every staff event goes to both staff audiences under one sequence number (the `staff` room's), so the admin
monitor's gap detection works whichever one a socket is in. Ticket payloads differ: customers' personal data
(account number, the verification/debt note) reaches only those who need it: supervisors and reception in
`staff:private`, and the desk serving the ticket in `desk:<DESK>`. Everyone else (agents elsewhere, the six
Top 10 roles) gets the ticket without it.

A socket also joins its identity's personal room (`user:<id>`, `device:<id>`, `api-token:<id>`), so revoking,
disabling or signing out can disconnect it on every instance (core/realtime/sessions.py).
"""

from __future__ import annotations

from core.actors import Actor
from core.roles import PERSONAL_DATA_READERS

STAFF = "staff"
STAFF_PRIVATE = "staff:private"
STAFF_AUDIENCES = (STAFF, STAFF_PRIVATE)
# Supervisors (and admins) only, on top of their staff audience: a desk's «Emergencia» (core/reporting/emergency.py).
SUPERVISORS = "staff:supervisors"


def staff_audience(actor: Actor) -> str:
    return STAFF_PRIVATE if actor.has_role(*PERSONAL_DATA_READERS) else STAFF


def ticket(token: str) -> str:
    """A ticket's status pages: its status on every change."""
    return f"ticket:{token}"


def queue(code: str) -> str:
    """The status pages of a queue's tickets: `position_changed` when their places may have moved."""
    return f"queue:{code}"


def desk(code: str) -> str:
    return f"desk:{code}"


def user(user_id: int) -> str:
    return f"user:{user_id}"


def device(device_id: int) -> str:
    return f"device:{device_id}"


def api_token(token_id: int) -> str:
    return f"api-token:{token_id}"
