"""Reception (/recepcion): the kiosk flow on the adviser's PC, with the full account detail, the override
and reprints. Staff only (role reception; supervisors too)."""

from flask import jsonify, render_template, request

from api.body import json_body, text
from core import clock
from core.models import PREFERENTIAL
from core.org import catalogue
from core.roles import RECEPTION_STAFF
from core.tickets import intake, serialize, states
from kiosk.blueprint import bp
from web.access import actor, role_required
from web.urls import public_base_url


def _transactions() -> list[dict]:
    """Every transaction with its category, for the one search box."""
    rows = []
    for root in catalogue.tree():
        if root["code"] != "TRAMITE":
            continue
        for category in root.get("children", []):
            for node in category.get("children", []):
                if node["kind"] == "transaction":
                    rows.append({**node, "category": category["label"]})
    return rows


def _row(ticket) -> dict:
    return {"id": ticket.id, "number": ticket.label, "status": ticket.status,
            "status_label": states.status_label(ticket.status),
            "transaction_label": ticket.transaction_label, "queue_name": ticket.queue.name,
            "issued_at": clock.iso(ticket.issued_at), "verification": ticket.verification,
            "channel": ticket.channel}


@bp.get("/recepcion")
@role_required(*RECEPTION_STAFF)
def reception():
    return render_template("kiosk/reception.html", transactions=_transactions(), preferential=PREFERENTIAL,
                           today=[_row(t) for t in intake.todays_tickets()])


@bp.post("/recepcion/fichas")
@role_required(*RECEPTION_STAFF)
def reception_issue():
    data = json_body()
    ticket, job = intake.issue_at_reception(
        text(data, "transaction", required=True, max_len=48), actor=actor(),
        preferential=text(data, "preferential", max_len=16), account=text(data, "account", max_len=40),
        override_reason=text(data, "override_reason", max_len=300),
        idempotency_key=text(data, "idempotency_key", max_len=80), base_url=public_base_url())
    return jsonify({"ticket": serialize.staff_ticket(ticket, public_base_url()), "job": job}), 201


@bp.get("/recepcion/fichas")
@role_required(*RECEPTION_STAFF)
def reception_today():
    return jsonify({"tickets": [_row(t) for t in intake.todays_tickets(request.args.get("q", "")[:60])]})


@bp.post("/recepcion/fichas/<int:ticket_id>/reimprimir")
@role_required(*RECEPTION_STAFF)
def reception_reprint(ticket_id: int):
    return jsonify({"job": intake.reprint_ticket(ticket_id, actor=actor(), base_url=public_base_url())})
