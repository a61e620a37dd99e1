"""Admin → Seguimiento Top 10 (seeds/001_…): my queue, the weekly Top 10 / Top 30, the case page with the
next step for my role, the live control sheet (step 17), imports and the monthly indicator.

Every page is open to the Top 10 roles and the supervisor, except those that hold every customer's contact data at
once (the control sheet and the exports of the sheet and of the weekly list: TOP10_CONTROL), and the technician, who
sees his own cases only (no weekly list, no «Casos reiterados», no other case's page); what each may *do* is
decided in core/top10/workflow.py, so a form shown by mistake still cannot move a case.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from babel.dates import format_date
from flask import Response, flash, redirect, render_template, request, url_for
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice

from admin import forms, imports
from admin.blueprint import bp, section
from core import clock, exports
from core.actors import Actor
from core.errors import DomainError, Forbidden
from core.formatting import plural
from core.models import Top10Case
from core.roles import ROLES, TOP10_CANCELLATION_IMPORTERS, TOP10_CONTROL, TOP10_LIST_READERS, TOP10_VIEWERS
from core.top10 import cases, centres, detection, indicator, repeats, report_import, scope, sheet, workflow
from web.access import actor, role_required
from web.errors import error_response
from web.uploads import upload_limit

section("admin.top10_index", "Seguimiento Top 10")


KINDS = {kind.name: kind for kind in (report_import.DAMAGE_REPORTS, report_import.CANCELLATIONS)}


class ImportForm(imports.UploadForm):
    kind = SelectField("Tipo de archivo", choices=[SelectChoice(kind.name, kind.label) for kind in KINDS.values()])


def month_name(first: date) -> str:
    return format_date(first, "MMMM 'de' y", locale="es_BO")


def _context() -> dict:
    return {"wf": cases, "statuses": cases.STATUSES, "me": actor(), "month_name": month_name,
            "no_centre": centres.NO_CENTRE}


def _week_arg() -> str:
    raw = request.values.get("semana", "").strip()
    return detection.parse_week(raw) if raw else detection.week_of(clock.now())


def _limit_arg() -> int:
    return 30 if request.values.get("top") == "30" else 10


# --- my queue ------------------------------------------------------------------------------------------

@bp.get("/top10/")
@role_required(*TOP10_VIEWERS)
def top10_index():
    queue, deadlines = sheet.by_due(detection.work_queue(actor()), clock.now())  # the overdue first
    counts_scope, counts = scope.status_counts(actor())
    return render_template("admin/top10/index.html", queue=queue, centre=centres.of(actor()),
                           deadlines=deadlines, **_due_rule(), counts=counts,
                           counts_scope=counts_scope, week=detection.week_of(clock.now()), **_context())


def _due_rule() -> dict[str, int]:
    """The days the due-date legend states (the sheet's and «Mi bandeja»'s)."""
    return {"step_days": sheet.step_days(), "quality_days": sheet.step_days("control_calidad")}


# --- weekly report (steps 1–3) -------------------------------------------------------------------------

@bp.get("/top10/semana")
@role_required(*TOP10_LIST_READERS)  # not the technician: his own cases only
def top10_week():
    try:
        week = _week_arg()
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for("admin.top10_week"))
    listing = detection.weekly_list(week, _limit_arg())
    shown = [row.case for row in listing.rows if row.case]
    to_receive = workflow.to_receive(shown, actor())
    readable = scope.readable_ids(shown + listing.cases.outside, actor())
    current = detection.week_of(clock.now())
    return render_template("admin/top10/week.html", listing=listing, previous=detection.shift_week(week, -1),
                           readable=readable, week_choices=detection.week_choices(current, listing.week),
                           following=detection.shift_week(week, 1), current=current,
                           to_receive=to_receive, to_send=workflow.to_send(listing.week), **_context())


@bp.get("/top10/semana.<fmt>")
@role_required(*TOP10_CONTROL)  # every customer's contact data (core/roles.py)
def top10_export(fmt: str):
    listing = detection.weekly_list(_week_arg(), _limit_arg())
    name = f"reporte-top{listing.limit}-{listing.week}"
    if fmt == "csv":
        return download(detection.export_csv(listing), name, fmt)
    if fmt == "xlsx":
        return download(detection.export_xlsx(listing), name, fmt)
    return redirect(url_for("admin.top10_week"))


def download(data: bytes, name: str, fmt: str) -> Response:
    """One charset for every Top 10 CSV (UTF-8 with BOM), XLSX otherwise."""
    content_type = exports.CSV_MIMETYPE if fmt == "csv" else exports.XLSX_MIMETYPE
    return Response(data, content_type=content_type,
                    headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'})


def _week_action(run: Callable[[str, Actor, datetime], str]) -> Response:
    week = request.form.get("semana", "")
    flash(run(detection.parse_week(week), actor(), clock.now()), "ok")
    return redirect(url_for("admin.top10_week", semana=week or None, top=request.form.get("top") or None))


@bp.post("/top10/semana/generar")
@role_required(*TOP10_VIEWERS)
def top10_generate():
    def run(week: str, who: Actor, now: datetime) -> str:
        result = detection.generate_week(week, limit=_limit_arg(), actor=who, now=now)
        text = (f"Casos de la semana {week}: {result.created} {plural(result.created, 'nuevo', 'nuevos')}, "
                f"{result.existing} ya {plural(result.existing, 'existente', 'existentes')}")
        return text + (f", {result.followed} ya en seguimiento de otra semana." if result.followed else ".")

    return _week_action(run)


@bp.post("/top10/semana/remitir")
@role_required(*TOP10_VIEWERS)
def top10_send():
    segment = forms.text("segmento") or None
    def run(week: str, who: Actor, now: datetime) -> str:
        sent = workflow.send_to_usm(week, segment=segment, actor=who, now=now)
        return f"{sent} {plural(sent, 'caso remitido', 'casos remitidos')} a Analista USM."

    return _week_action(run)


@bp.post("/top10/semana/recibir")
@role_required(*TOP10_VIEWERS)
def top10_receive():
    def run(week: str, who: Actor, now: datetime) -> str:
        received = workflow.receive(week, actor=who, now=now)
        return f"{received} {plural(received, 'caso recibido', 'casos recibidos')}."

    return _week_action(run)


# --- one case (steps 2–19) -----------------------------------------------------------------------------

def _yes(name: str) -> bool | None:
    value = request.form.get(name, "")
    return True if value == "si" else False if value == "no" else None


STEPS: dict[str, Callable[[int, Actor, datetime], object]] = {
    "send": lambda cid, who, now: workflow.send_to_usm(None, case_id=cid, actor=who, now=now),
    "receive": lambda cid, who, now: workflow.receive(None, case_id=cid, actor=who, now=now),
    "review": lambda cid, who, now: workflow.review(cid, factors=forms.text("factors"),
                                                    technical_solution=_yes("technical_solution"),
                                                    actor=who, now=now),
    "distribute": lambda cid, who, now: workflow.distribute(cid, to=forms.text("to"), note=forms.text("note"),
                                                            actor=who, now=now),
    "contact": lambda cid, who, now: workflow.record_contact(
        cid, reached=_yes("reached") is not False, management=forms.text("management"), note=forms.text("note"),
        needs_technician=forms.flag("needs_technician"), actor=who, now=now),
    "quality": lambda cid, who, now: workflow.quality_check(
        cid, satisfied=_yes("satisfied"), causes=forms.text("causes"),
        customer_informed=forms.flag("customer_informed"), note=forms.text("note"), actor=who, now=now),
    "schedule": lambda cid, who, now: workflow.schedule_visit(
        cid, mode=forms.text("mode"), visit_at=forms.text("visit_at"),
        technician_id=forms.optional_int(request.form.get("technician")), note=forms.text("note"),
        actor=who, now=now),
    "solution": lambda cid, who, now: workflow.record_solution(
        cid, outcome=forms.text("outcome"), satisfied=_yes("satisfied"), note=forms.text("note"), actor=who, now=now),
    "control": lambda cid, who, now: workflow.control_note(cid, note=forms.text("note"), actor=who, now=now),
    "prioritise": lambda cid, who, now: workflow.prioritise(
        cid, technician_id=forms.optional_int(request.form.get("technician")), note=forms.text("note"),
        actor=who, now=now),
    "close": lambda cid, who, now: workflow.close_work(cid, work_order=forms.text("work_order"),
                                                       note=forms.text("note"), actor=who, now=now),
}


def _visit_as_scheduled(found: Top10Case) -> dict[str, str]:
    """Step 14's form over a visit already scheduled starts from it: a reschedule that changed only the time
    silently dropped the technician («Sin asignar todavía» was preselected)."""
    visit = cases.pending_visit(found)  # not a visit made or dropped (back at step 14)
    if visit is None:
        return {}
    return {"step": "schedule", "mode": found.visit_mode, "visit_at": f"{clock.local(visit):%Y-%m-%dT%H:%M}",
            "technician": str(found.assigned_user_id or "")}


def _render_case(case_id: int, values: object = None, status: int = 200) -> tuple[str, int]:
    found = scope.readable_case(case_id, actor())
    if values is None and not request.form:
        values = _visit_as_scheduled(found)
    return render_template(
        "admin/top10/case.html", case=found, actions=detection.actions(case_id), reports=detection.reports_of(found),
        offered=cases.forms_for(found, actor()), outcomes=cases.solution_outcomes(found, clock.now()),
        technicians=cases.technicians(found),
        values=values if values is not None else request.form, **_context()), status


@bp.get("/top10/casos/<int:case_id>")
@role_required(*TOP10_VIEWERS)
def top10_case(case_id: int):
    return _render_case(case_id)


@bp.post("/top10/casos/<int:case_id>/<step>")
@role_required(*TOP10_VIEWERS)
def top10_step(case_id: int, step: str):
    try:
        scope.readable_case(case_id, actor())
    except Forbidden as refused:  # a hand-made POST: this one refusal on its page, not a re-render refused again
        return error_response(refused.status, refused.code, refused.message)
    run = STEPS.get(step)
    if run is None:
        flash("Paso desconocido.", "error")
        return redirect(url_for("admin.top10_case", case_id=case_id))
    try:
        run(case_id, actor(), clock.now())
    except DomainError as error:  # re-render the case with the step's form as typed, not a redirect
        flash(error.message, "error")
        return _render_case(case_id, request.form, error.status)
    flash("Paso registrado.", "ok")
    return redirect(url_for("admin.top10_case", case_id=case_id))


# --- live control sheet (step 17) ----------------------------------------------------------------------

def _sheet_filters() -> sheet.Filters:
    args = request.args
    status = args.get("estado", "")
    role = args.get("rol", "")
    return sheet.Filters(status=status if status in cases.STATUSES else "", role=role if role in cases.ROLES else "",
                         owner=forms.optional_int(args.get("responsable")), segment=args.get("segmento", "").strip(),
                         zone=args.get("zona", "").strip(), overdue=args.get("vencidos") == "1",
                         search=args.get("q", "").strip()[:80], closed=args.get("historial") == "1")


@bp.get("/top10/planilla")
@role_required(*TOP10_CONTROL)  # every customer's contact data (core/roles.py)
def top10_sheet():
    filters = _sheet_filters()
    return render_template("admin/top10/sheet.html", rows=sheet.control_sheet(clock.now(), filters), filters=filters,
                           choices=sheet.choices(), tech_options=cases.technicians().options,
                           query=request.args.to_dict(), **_due_rule(), **_context())


@bp.get("/top10/planilla/filas")
@role_required(*TOP10_CONTROL)  # every customer's contact data (core/roles.py)
def top10_sheet_rows():
    """The sheet's rows alone (same filters): what the page fetches when `top10_changed` arrives."""
    return render_template("admin/top10/_sheet_rows.html", rows=sheet.control_sheet(clock.now(), _sheet_filters()),
                           **_context())


@bp.get("/top10/planilla.<fmt>")
@role_required(*TOP10_CONTROL)  # every customer's contact data (core/roles.py)
def top10_sheet_export(fmt: str):
    """Exactly the rows the filters show, as CSV or XLSX."""
    if fmt not in ("csv", "xlsx"):
        return redirect(url_for("admin.top10_sheet"))
    rows = sheet.control_sheet(clock.now(), _sheet_filters())
    return download(sheet.export(rows, fmt), f"planilla-top10-{clock.business_day(clock.now()):%Y-%m-%d}", fmt)


# --- imports and the indicator -------------------------------------------------------------------------

@bp.route("/top10/importar", methods=["GET", "POST"])
@upload_limit("IMPORT_MAX_BYTES")
@role_required(*TOP10_CANCELLATION_IMPORTERS)  # each file kind's own roles decide the rest (core/imports)
def top10_imports():
    form = ImportForm()
    mine = [kind for kind in KINDS.values() if actor().has_role(*kind.roles)]
    form.kind.choices = [SelectChoice(kind.name, kind.label) for kind in mine]
    errors: list = []
    if form.validate_on_submit():
        done, errors = imports.receive(KINDS[form.kind.data], form, back=url_for("admin.top10_imports"))
        if done is not None:
            return done
    return render_template("admin/top10/imports.html", form=form, errors=errors, import_kinds=mine,
                           **imports.history(*KINDS), **_context())


@bp.get("/top10/indicador")
@role_required(*TOP10_VIEWERS)
def top10_indicator():
    today = clock.business_day(clock.now())
    raw = request.args.get("mes", "").strip()
    try:
        month = detection.parse_month(raw) if raw else today.replace(day=1)
    except DomainError as error:
        flash(error.message, "error")
        month = today.replace(day=1)
    return render_template("admin/top10/indicator.html", indicator=indicator.monthly_indicator(month, today=today),
                           history=indicator.indicator_history(month, today=today), month=month,
                           owner=ROLES[indicator.OWNER_ROLE], **_context())


# --- Reporte Casos reiterados ----------------------------------------------------------------------------

@bp.get("/top10/reiterados")
@role_required(*TOP10_LIST_READERS)  # not the technician: his own cases only
def top10_repeats():
    rows = repeats.repeats()
    return render_template("admin/top10/repeats.html", rows=rows, summary=repeats.by_month_and_segment(rows),
                           **_context())


@bp.get("/top10/reiterados.<fmt>")
@role_required(*TOP10_LIST_READERS)  # not the technician: his own cases only
def top10_repeats_export(fmt: str):
    if fmt not in ("csv", "xlsx"):
        return redirect(url_for("admin.top10_repeats"))
    return download(repeats.export(repeats.repeats(), fmt), "casos-reiterados", fmt)
