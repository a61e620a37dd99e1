"""Reception (/recepcion): COM-DSC-P01 acts 1–8 on the adviser's PC. Information with the brochure (act. 2),
locating a person or unit with the directions slip (acts 3–4), and trámites with the full account detail,
the override and reprints (acts 5–8). Every attention is recorded (core/tickets/attentions.py) and the
customer may answer the P01 question right after. Staff only (role reception; supervisors too)."""

from flask import jsonify, render_template, request

from api.body import flag, json_body, text
from core import clock, formatting
from core.models import PREFERENTIAL
from core.org import catalogue, directory
from core.roles import RECEPTION_STAFF
from core.tickets import attentions, intake, serialize, states
from kiosk.blueprint import bp
from web.access import actor, role_required
from web.urls import public_base_url


def _entries() -> dict[str, list[dict]]:
    """For the one search box: every transaction with its category, every information topic (act. 2) and
    every directory entry (acts 3–4) with what the directory search matches."""
    found: dict[str, list[dict]] = {"transactions": [], "info": [], "directory": []}
    for root in catalogue.tree():
        for child in root.get("children", []):
            if child["kind"] == "info":
                found["info"].append(child)
            elif child["kind"] == "directory":
                found["directory"].append({**child, "search": catalogue.directory_search(child)})
            for node in child.get("children", []):
                if node["kind"] == "transaction":
                    found["transactions"].append({**node, "category": child["label"],
                                                  "search": catalogue.transaction_search(node, child["label"])})
    return found


def _row(ticket) -> dict:
    """A row of today's list, for the page and its live reloads alike. «Anular» only while the ticket waits: a
    called one is a desk's, and ends there."""
    return {"id": ticket.id, "number": ticket.label, "status": ticket.status, "cancellable": ticket.status == "waiting",
            "status_label": states.status_label(ticket.status),
            "transaction_label": ticket.transaction_label, "queue_name": ticket.queue.name,
            "issued_at": clock.iso(ticket.issued_at), "verification": ticket.verification,
            "channel": ticket.channel}


@bp.get("/recepcion")
@role_required(*RECEPTION_STAFF)
def reception():
    return render_template("kiosk/reception.html", **_entries(), preferential=PREFERENTIAL,
                           today=[_row(t) for t in intake.todays_tickets()], question=attentions.QUESTION,
                           panel_help=formatting.PANEL_HELP,  # what the kiosk's ticket screen and the paper say
                           debt_tx=catalogue.debt_transaction(),  # the kiosk's debt-screen ticket, same setting
                           security_place=directory.security_place())


@bp.post("/recepcion/fichas")
@role_required(*RECEPTION_STAFF)
def reception_issue():
    data = json_body()
    ticket, job = intake.issue_at_reception(
        text(data, "transaction", required=True, max_len=48), actor=actor(),
        preferential=text(data, "preferential", max_len=16), account=text(data, "account", max_len=40),
        override_reason=text(data, "override_reason", max_len=300),
        idempotency_key=text(data, "idempotency_key", max_len=80), base_url=public_base_url(),
        after_attention=text(data, "after_attention", max_len=48))  # the debt ticket follows the «pending» one up
    attention = attentions.of_ticket(ticket)
    return jsonify({"ticket": serialize.staff_ticket(ticket, public_base_url()), "job": job,
                    "attention": attentions.staff(attention) if attention else None}), 201


@bp.post("/recepcion/atenciones")
@role_required(*RECEPTION_STAFF)
def reception_attend():
    """An info-only (act. 2) or locate-only (acts 3–4) attention, with its brochure or directions slip; or
    «Informado, sin ficha» (act. 7, `kind: pending`, with the `account` checked)."""
    data = json_body()
    attention, job = attentions.record_visit(
        text(data, "kind", required=True, max_len=8) or "", text(data, "node", required=True, max_len=48) or "",
        actor=actor(), channel="reception", print_slip=flag(data, "print", True), base_url=public_base_url(),
        account=text(data, "account", max_len=40))  # «pending»: the customer's ticket later today follows it up
    return jsonify({"attention": attentions.staff(attention), "job": job}), 201


@bp.post("/recepcion/atenciones/<int:attention_id>/encuesta")
@role_required(*RECEPTION_STAFF)
def reception_survey(attention_id: int):
    """The customer's answer to the P01 question, given at reception right after the attention."""
    data = json_body()
    attentions.answer(satisfied=data.get("satisfied"), source="reception", attention_id=attention_id,
                      actor=actor())
    return jsonify({"ok": True}), 201


@bp.get("/recepcion/fichas")
@role_required(*RECEPTION_STAFF)
def reception_today():
    return jsonify({"tickets": [_row(t) for t in intake.todays_tickets(request.args.get("q", "")[:60])]})


@bp.post("/recepcion/fichas/<int:ticket_id>/reimprimir")
@role_required(*RECEPTION_STAFF)
def reception_reprint(ticket_id: int):
    return jsonify({"job": intake.reprint_ticket(ticket_id, actor=actor(), base_url=public_base_url())})
