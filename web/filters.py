"""Jinja filters and globals: the domain's Babel formatting (core/formatting.py) under short names, the ticket
status and action labels (core/tickets/states.py), and who may open a page (web/access.py)."""

from __future__ import annotations

from flask import Flask
from flask_babel import gettext

from core.formatting import local_datetime, local_time, money, number, phone_numbers, plural
from core.realtime import catch_up
from core.tickets import states
from web.access import may_open


def ticket_status(status: str | None) -> str:
    """A status in the reader's language (the status page is translated; staff screens are Spanish)."""
    return gettext(states.status_label(status))


def ticket_labels() -> dict[str, dict[str, str]]:
    """Status and action labels for a page's script, translated like `ticket_status`."""
    labels = states.labels()
    labels["statuses"] = {code: gettext(label) for code, label in labels["statuses"].items()}
    return labels


def register(app: Flask) -> None:
    app.add_template_filter(local_datetime, "datetime")
    app.add_template_filter(local_time, "time")
    app.add_template_filter(money, "money")
    app.add_template_filter(number, "number")
    app.add_template_filter(phone_numbers, "phone_numbers")
    app.add_template_filter(ticket_status, "ticket_status")
    app.add_template_filter(states.action_label, "ticket_action")
    app.jinja_env.globals.update(app_version=app.config["APP_VERSION"], ticket_labels=ticket_labels,
                                 may_open=may_open, plural=plural, catch_up_every_s=catch_up.every_s)
