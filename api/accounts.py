from flask import current_app, jsonify

from api.blueprint import bp
from api.body import json_body, text
from core.accounts import smartflex
from core.extensions import limiter
from core.roles import RECEPTION_STAFF
from web.access import actor, rate_key, role_required


@bp.post("/accounts/check")
# Per kiosk or staff user: a kiosk must not become a way to walk through the account table.
@limiter.limit(lambda: current_app.config["ACCOUNT_CHECK_RATE_LIMIT"], key_func=rate_key)
@role_required(*RECEPTION_STAFF, devices=("kiosk",))
def check_account():
    """Activity 6: the account check. A kiosk gets only what the customer needs; staff get the full detail and
    the «Cliente Top 10» flag. `transaction` (optional): the trámite it is for (a sale's «not found» speaks to a new
    customer too)."""
    body = json_body()
    return jsonify({"result": smartflex.answer(text(body, "account", required=True, max_len=40), actor=actor(),
                                               transaction=text(body, "transaction", max_len=48))})
