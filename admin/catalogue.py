"""Admin → the routing catalogue (category → transaction → destination), brochures and directory entries."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from admin import forms
from admin.blueprint import bp, section
from core.errors import DomainError
from core.extensions import db
from core.models import CatalogueNode, Desk, Queue
from core.org import catalogue_edit
from core.roles import SUPERVISORS
from web.access import actor, role_required

section("admin.catalogue", "Catálogo de trámites")
section("admin.brochures", "Folletos (información)")
section("admin.directory", "Directorio")

LISTS = {"category": "admin.catalogue", "transaction": "admin.catalogue", "info": "admin.brochures",
         "directory": "admin.directory"}


@bp.get("/catalogo")
@role_required(*SUPERVISORS)
def catalogue():
    rows = [(node, depth) for node, depth in catalogue_edit.all_nodes() if node.kind in ("category", "transaction")]
    return render_template("admin/catalogue.html", rows=rows, kinds=catalogue_edit.KIND_LABELS)


@bp.get("/folletos")
@role_required(*SUPERVISORS)
def brochures():
    return _kind_list("info", "Folletos (información general)",
                      "Temas de «Información de servicios»: el kiosco muestra los requisitos y entrega el folleto "
                      "(actividad 2 del procedimiento).")


@bp.get("/directorio")
@role_required(*SUPERVISORS)
def directory():
    return _kind_list("directory", "Directorio",
                      "Funcionarios y unidades que el cliente puede ubicar (actividades 3 y 4). A un mesón de "
                      "atención al público (con su cola) se llega con ficha; a una oficina o un funcionario, "
                      "pasando por Seguridad Física con su documento.")


def _kind_list(kind: str, title: str, intro: str) -> str:
    nodes = list(db.session.scalars(select(CatalogueNode).where(CatalogueNode.kind == kind)
                                    .options(joinedload(CatalogueNode.queue))  # a directory entry's public queue
                                    .order_by(CatalogueNode.parent_id, CatalogueNode.position, CatalogueNode.id)))
    return render_template("admin/catalogue_kind.html", nodes=nodes, kind=kind, title=title, intro=intro)


def _input() -> catalogue_edit.NodeInput:
    return catalogue_edit.NodeInput(
        kind=forms.text("kind"), code=forms.text("code"), label=forms.text("label"), parent=forms.text("parent"),
        position=forms.text("position"), description=request.form.get("description", ""),
        requirements=request.form.get("requirements", ""), desk=forms.text("desk"),
        # A directory entry's queue is its own field: the trámite's «Cola» is in a fieldset hidden for it.
        queue=forms.text("public_queue" if forms.text("kind") == "directory" else "queue"),
        needs_account_check=forms.flag("needs_account_check"), unit=forms.text("unit"), floor=forms.text("floor"),
        location=forms.text("location"), keywords=forms.text("keywords"), active=forms.flag("active"))


def _context(node: CatalogueNode | None) -> dict:
    queues = db.session.scalars(select(Queue).where(Queue.active.is_(True)).order_by(Queue.prefix))
    desks = db.session.scalars(select(Desk).where(Desk.active.is_(True)).order_by(Desk.code))
    return {
        "node": node,
        "kind_options": list(catalogue_edit.KIND_LABELS.items()),
        "parent_options": [(c.code, c.label) for c in catalogue_edit.categories()
                           if node is None or c.id != node.id],
        "queue_options": [(q.code, f"{q.prefix} · {q.name}") for q in queues],
        "desk_options": [(d.code, d.name) for d in desks],
    }


@bp.route("/catalogo/nuevo", methods=["GET", "POST"], defaults={"node_id": None})
@bp.route("/catalogo/<int:node_id>", methods=["GET", "POST"])
@role_required(*SUPERVISORS)
def node_edit(node_id: int | None):
    node = db.get_or_404(CatalogueNode, node_id) if node_id else None
    if request.method == "POST":
        data = _input()
        try:
            saved = catalogue_edit.save_node(node_id, data, actor=actor())
        except DomainError as error:  # re-render with what was typed, not a redirect that would lose it
            return forms.refill(error, "admin/node_edit.html", **_context(node))
        # A kiosk in the middle of a customer's steps keeps its list until it is back at the start (live_updates.js).
        flash(f"Se guardó «{saved.label}». Los kioscos libres ya muestran el cambio; uno en uso, cuando su cliente "
              "termine.", "ok")
        return redirect(url_for(LISTS[saved.kind]))
    if node:
        values = forms.values(
            kind=node.kind, code=node.code, label=node.label, parent=node.parent.code if node.parent else "",
            position=node.position, description=node.description, requirements=node.requirements,
            queue=node.queue.code if node.queue else "", desk=node.desk.code if node.desk else "",
            public_queue=node.queue.code if node.queue and node.kind == "directory" else "",
            needs_account_check=node.needs_account_check, unit=node.unit, floor=node.floor, location=node.location,
            keywords=node.keywords, active=node.active)
    else:
        values = forms.values(kind=request.args.get("kind", "transaction"), parent=request.args.get("parent", ""),
                              position=0, active=True)
    return render_template("admin/node_edit.html", values=values, **_context(node))


@bp.post("/catalogo/<int:node_id>/eliminar")
@role_required(*SUPERVISORS)
def node_delete(node_id: int):
    node = db.get_or_404(CatalogueNode, node_id)
    back = LISTS[node.kind]
    flash(catalogue_edit.delete_node(node_id, actor=actor()), "ok")
    return redirect(url_for(back))
