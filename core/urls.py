"""Public addresses the domain hands out (the QR on a ticket, a device's start URL). One rule for all of them:
PUBLIC_BASE_URL when configured (the address customers' phones and the office's devices reach), otherwise
the base the caller saw (a request's host URL), otherwise a bare path."""

from __future__ import annotations

from flask import current_app, has_app_context

from core.models import Ticket


def public_base(fallback: str = "") -> str:
    configured = current_app.config.get("PUBLIC_BASE_URL") if has_app_context() else ""
    return (configured or fallback or "").rstrip("/")


def status_path(ticket: Ticket) -> str:
    return token_status_url(ticket.token)


def token_status_url(token: str, fallback_base: str = "") -> str:
    """The customer's live status page of the ticket holding this token."""
    return public_base(fallback_base) + f"/t/{token}"


def status_url(ticket: Ticket, fallback_base: str = "") -> str:
    """The customer's live status page for this ticket."""
    return token_status_url(ticket.token, fallback_base)
