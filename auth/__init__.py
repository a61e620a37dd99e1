"""Staff sign-in and sign-out."""

from auth import routes  # noqa: F401
from auth.blueprint import bp

__all__ = ["bp"]
