"""/api/v1: thin JSON views over core (API.md). Bearer-token calls skip CSRF; cookie calls do not."""

from api import (
    accounts,  # noqa: F401
    catalogue,  # noqa: F401
    desks,  # noqa: F401
    display,  # noqa: F401
    queues,  # noqa: F401
    tickets,  # noqa: F401
)
from api.blueprint import bp

__all__ = ["bp"]
