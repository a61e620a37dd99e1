from flask import jsonify

from api.blueprint import bp
from api.body import integer, json_body, text
from core.reporting import emergency as safety
from core.roles import DESK_OPERATORS
from core.tickets import desk_shifts, desks, intake, serialize
from web.access import actor, role_required
from web.urls import public_base_url


def _ticket(ticket):
    # Every route here answers with the ticket its engine call just serialised for its events: reuse it.
    return jsonify({"ticket": serialize.staff_ticket(ticket, public_base_url(), reuse=True)})


@bp.post("/desks/<desk>/call-next")
@role_required(*DESK_OPERATORS)
def call_next(desk: str):
    return _ticket(desks.call_next(desk, actor=actor()))


@bp.post("/desks/<desk>/call")
@role_required(*DESK_OPERATORS)
def call(desk: str):
    return _ticket(desks.call_ticket(desk, integer(json_body(), "ticket"), actor=actor()))


@bp.post("/desks/<desk>/recall")
@role_required(*DESK_OPERATORS)
def recall(desk: str):
    return _ticket(desks.recall(desk, actor=actor()))


@bp.post("/desks/<desk>/start")
@role_required(*DESK_OPERATORS)
def start(desk: str):
    return _ticket(desks.start(desk, actor=actor()))


@bp.post("/desks/<desk>/finish")
@role_required(*DESK_OPERATORS)
def finish(desk: str):
    return _ticket(desks.finish(desk, actor=actor(), outcome=text(json_body(required=False), "outcome") or ""))


@bp.post("/desks/<desk>/no-show")
@role_required(*DESK_OPERATORS)
def no_show(desk: str):
    return _ticket(desks.no_show(desk, actor=actor()))


@bp.get("/desks/<desk>/no-show")
@role_required(*DESK_OPERATORS)
def no_show_check(desk: str):
    """Whether «No se presentó» would be accepted now, and if not why (the console asks before confirming)."""
    refusal = desks.no_show_refusal(desk, actor=actor())
    return jsonify({"allowed": refusal is None, "message": refusal})


@bp.post("/desks/<desk>/undo-no-show")
@role_required(*DESK_OPERATORS)
def undo_no_show(desk: str):
    return _ticket(desks.undo_no_show(desk, integer(json_body(), "ticket"), actor=actor()))


@bp.post("/desks/<desk>/pause")
@role_required(*DESK_OPERATORS)
def pause(desk: str):
    found = desk_shifts.pause(desk, actor=actor())
    return jsonify({"desk": found.code, "state": found.state})


@bp.post("/desks/<desk>/resume")
@role_required(*DESK_OPERATORS)
def resume(desk: str):
    found = desk_shifts.resume(desk, actor=actor())
    return jsonify({"desk": found.code, "state": found.state})


@bp.post("/desks/<desk>/emergency")
@role_required(*DESK_OPERATORS)
def emergency(desk: str):
    return jsonify({"alert": safety.brief(safety.raise_alert(desk, actor=actor()))})


@bp.post("/desks/<desk>/recheck-account")
@role_required(*DESK_OPERATORS)
def recheck_account(desk: str):
    ticket = intake.recheck_account(desk, actor=actor())
    return jsonify({"verification": ticket.verification,
                    "message": ticket.verification_note or f"Cuenta de la ficha {ticket.label} verificada: al día."})
