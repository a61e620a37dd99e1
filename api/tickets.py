from flask import jsonify

from api.blueprint import bp
from api.body import flag, json_body, text
from core import lookups
from core.roles import DESK_OPERATORS, FRONT_OFFICE, RECEPTION_STAFF, TICKET_ISSUERS
from core.tickets import engine, intake, serialize
from web.access import actor, role_required
from web.urls import public_base_url


@bp.post("/tickets")
@role_required(*TICKET_ISSUERS, devices=("kiosk",))
def create_ticket():
    data = json_body()
    preferential = data.get("preferential")
    if isinstance(preferential, bool):  # API.md allows `preferential: true` meaning "some kind"
        preferential = "adulto_mayor" if preferential else None
    channel = "reception" if actor().kind == "user" else "kiosk"
    # Reception's override (act. 7): present but blank is refused by the same rule as the screen's, not ignored.
    override_reason = None if data.get("override_reason") is None else text(data, "override_reason", max_len=300) or ""
    printing = flag(data, "print", False)  # the kiosk page: its printout queued by this same request
    ticket = intake.request_ticket(
        text(data, "transaction", required=True, max_len=48), actor=actor(),
        preferential=text({"p": preferential}, "p", max_len=16), account=text(data, "account", max_len=32),
        idempotency_key=text(data, "idempotency_key", max_len=80), channel=channel, override_reason=override_reason,
        after_attention=text(data, "after_attention", max_len=48),
    )
    # The engine serialised this ticket for its events a moment ago: reuse that (before the printout's transaction).
    body = {"ticket": serialize.public_ticket(ticket, public_base_url(), reuse=True)}
    if printing:
        # Its id from the answer: the committed ticket's attributes would be read again.
        body["print_job"] = intake.print_issued(body["ticket"]["id"], actor=actor(), base_url=public_base_url())
    return jsonify(body), 201


@bp.get("/tickets/<int:ticket_id>")
@role_required(*FRONT_OFFICE)
def get_ticket(ticket_id: int):
    return jsonify({"ticket": serialize.staff_ticket(lookups.ticket(ticket_id), public_base_url())})


@bp.post("/tickets/<int:ticket_id>/transfer")
@role_required(*DESK_OPERATORS)
def transfer_ticket(ticket_id: int):
    data = json_body()
    ticket = engine.transfer(ticket_id, actor=actor(), queue=text(data, "queue", max_len=24),
                              desk=text(data, "desk", max_len=24), keep_arrival=flag(data, "keep_arrival", True),
                              note=text(data, "note") or "")
    return jsonify({"ticket": serialize.staff_ticket(ticket, public_base_url())})


@bp.post("/tickets/<int:ticket_id>/cancel")
@role_required(*RECEPTION_STAFF)
def cancel_ticket(ticket_id: int):
    data = json_body(required=False)
    ticket = engine.cancel(ticket_id, actor=actor(), reason=text(data, "reason") or "")
    return jsonify({"ticket": serialize.staff_ticket(ticket, public_base_url())})
