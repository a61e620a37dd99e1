"""The customer kiosk (/kiosk): pages and the small JSON calls its script makes besides /api/v1."""

from flask import current_app, g, jsonify, redirect, render_template, request, session, url_for

from api.body import json_body, text
from core import formatting, lookups, settings
from core.errors import Invalid
from core.org import catalogue, directory
from core.printing import print_queue
from core.roles import RECEPTION_STAFF
from core.tickets import attentions, limits
from kiosk.blueprint import bp
from web.access import actor, device_required, role_required
from web.urls import public_base_url


def _device_id() -> int | None:
    device = g.get("device")
    return device.id if device is not None else None


def _timings() -> dict[str, int]:
    """Seconds before the kiosk goes home: idle on any step, and after showing a ticket (longer when the
    printer failed, so the customer can note the number). KIOSK_IDLE_SECONDS overrides the setting. And
    `settle_ms`: how long taps are ignored after each screen change (KIOSK_SETTLE_MS), `arriving_ms`: how long
    after it a touch at the spot of the one that changed the screen is (KIOSK_ARRIVING_TAP_MS)."""
    idle = int(current_app.config.get("KIOSK_IDLE_SECONDS") or settings.get("kiosk_idle_seconds"))
    ticket = int(current_app.config.get("KIOSK_TICKET_SECONDS") or max(idle, 20))
    # «¿Sigue ahí?» counts down this long before going home (never longer than the idle time itself).
    warn = int(current_app.config.get("KIOSK_WARN_SECONDS") or min(15, idle))
    return {"idle": idle, "ticket": ticket, "ticket_failed": ticket * 3, "warn": warn,
            "settle_ms": int(current_app.config["KIOSK_SETTLE_MS"]),
            "arriving_ms": int(current_app.config["KIOSK_ARRIVING_TAP_MS"])}


LANGUAGE_NAMES = {"es_BO": "Español", "es": "Español", "qu": "Runasimi (quechua)", "ay": "Aymar aru", "en": "English"}


def _languages() -> list[str]:
    return list(current_app.config.get("LANGUAGES") or ["es_BO"])


@bp.get("/kiosk")
@device_required("kiosk", staff_roles=RECEPTION_STAFF)
def kiosk():
    roots = {node["code"]: node for node in catalogue.most_chosen_first(catalogue.tree())}
    languages = _languages()
    current = session.get("lang") or languages[0]
    following = languages[(languages.index(current) + 1) % len(languages)] if current in languages else languages[0]
    return render_template("kiosk/kiosk.html", info=roots.get("INFO", {}), locate=roots.get("UBICAR", {}),
                           directory_search=catalogue.directory_search,
                           security_place=directory.security_place(),
                           tramite=roots.get("TRAMITE", {}), timings=_timings(), language=current,
                           next_language=following if len(languages) > 1 else None, language_names=LANGUAGE_NAMES,
                           printer=print_queue.device_printer_health(_device_id()), device_id=_device_id(),
                           no_desk_open=formatting.NO_DESK_OPEN, transaction_gone=lookups.TRANSACTION_GONE,
                           panel_help=formatting.PANEL_HELP,
                           debt_tx=catalogue.debt_transaction(),
                           sale_category=catalogue.SALE_CATEGORY)


@bp.post("/kiosk/idioma")
@device_required("kiosk", staff_roles=RECEPTION_STAFF)
def language():
    chosen = request.form.get("lang", "")
    if chosen not in _languages():
        raise Invalid("Idioma no disponible.", code="unknown_language")
    session["lang"] = chosen
    return redirect(url_for("kiosk.kiosk"))


def _slip(kind: str, code: str):
    """A kiosk customer informed or directed takes the slip: that visit is an attention (P01 counts it) and the
    slip carries its short link to the P01 question."""
    _attention, job = attentions.record_visit(kind, code[:48], actor=actor(), channel="kiosk", print_slip=True,
                                              device_id=_device_id(), base_url=public_base_url())
    return jsonify({"job": job})


@bp.post("/kiosk/folleto/<code>")
@device_required("kiosk", staff_roles=RECEPTION_STAFF)
def print_brochure(code: str):
    return _slip("info", code)


@bp.post("/kiosk/indicaciones/<code>")
@device_required("kiosk", staff_roles=RECEPTION_STAFF)
def print_directions(code: str):
    return _slip("locate", code)


@bp.post("/kiosk/pendiente/<tx>")
@device_required("kiosk", staff_roles=RECEPTION_STAFF)
def pending_attention(tx: str):
    """Act. 7: the kiosk told the customer what to settle first (debt, pending requirements) and issued no ticket.
    An attention all the same (P01 counts every customer attended); the kiosk sends it once per customer, and shows
    the answer's `survey_qr`: the attention's P01 question, for the customer's phone."""
    # `account`: the account or CI the check was for, so this customer's ticket later today follows it up.
    account = text(json_body(required=False), "account", max_len=40)
    attention, _job = attentions.record_visit("pending", tx[:48], actor=actor(), channel="kiosk", print_slip=False,
                                              account=account)
    # No slip to carry the P01 question's link: the screen shows its QR (its page has no personal data).
    # `attention`: a ticket this customer then takes from the debt screen follows it up (one customer in P01).
    return jsonify({"ok": True, "survey_qr": url_for("kiosk.p01_qr", token=attention.token),
                    "attention": attention.token}), 201


@bp.get("/kiosk/tramites/<tx>/cupo")
@role_required(*RECEPTION_STAFF, devices=("kiosk",))
def tx_open(tx: str):
    """Whether the trámite still takes tickets today (core/tickets/limits.py), and `desk_open`: whether a desk that
    may call its ticket is open now. The kiosk asks when it is picked (it used to read the whole catalogue for the
    second: 14 KB and 19 statements per customer)."""
    closed = limits.closed_today(tx[:48])
    desk_open = catalogue.desk_open(lookups.transaction(tx[:48]))
    if closed is None:
        return jsonify({"open": True, "desk_open": desk_open})
    return jsonify({"open": False, "desk_open": desk_open, "message": closed.message, **closed.details})


@bp.get("/kiosk/impresora")
@role_required(*RECEPTION_STAFF, devices=("kiosk",))
def printer_state():
    """Whether this kiosk's printer can print: the kiosk asks on every (re)connect, since it hears of its printer
    only when the printer's state changes (core/printing/health.py) and may have been away just then."""
    return jsonify(print_queue.device_printer_health(_device_id()))


@bp.get("/kiosk/impresiones/<int:job_id>")
@role_required(*RECEPTION_STAFF, devices=("kiosk",))
def job_state(job_id: int):
    return jsonify(print_queue.job_state(job_id))


