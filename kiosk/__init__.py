"""Customer kiosk (/kiosk), reception desk (/recepcion) and the ticket's live status page (/t/<token>)."""

from kiosk import p01, reception, routes, status  # noqa: F401
from kiosk.blueprint import bp

__all__ = ["bp"]
