"""Admin → catalogue, brochures and directory: edits, validation, history-safe deletes, kiosk refresh."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from core.extensions import db, socketio
from core.models import CatalogueNode, Queue
from core.org import catalogue
from tests.builders import make_category, make_desk, make_queue, make_ticket, make_transaction
from tests.helpers import device_token


@dataclass
class Place:
    """A top category, a subcategory inside it and a queue: where the new transaction goes."""

    top: CatalogueNode
    sub: CatalogueNode
    queue: Queue


@pytest.fixture
def place(app) -> Place:
    top = make_category()
    return Place(top=top, sub=make_category(parent=top.code), queue=make_queue())


@pytest.fixture
def new_tx(place: Place) -> dict[str, str]:
    """The form of a new transaction «Portabilidad numérica» in `place`."""
    return {"kind": "transaction", "parent": place.sub.code, "code": "pv_portabilidad",
            "label": "Portabilidad numérica", "position": "5", "queue": place.queue.code, "needs_account_check": "1",
            "requirements": "CI\nÚltima factura", "active": "1"}


def node(code: str) -> CatalogueNode | None:
    db.session.expire_all()
    return db.session.scalar(select(CatalogueNode).where(CatalogueNode.code == code))


@pytest.fixture
def kiosk_socket(app):
    client = socketio.test_client(app, auth={"token": device_token("kiosk", "kiosco-prueba")})
    assert client.is_connected()
    client.get_received()
    yield client
    client.disconnect()


def test_create_transaction(supervisor, place, new_tx) -> None:
    """A new transaction lands under its category with its destination and account-check flag."""
    assert supervisor.post("/admin/catalogo/nuevo", new_tx).status_code == 302
    created = node("PV_PORTABILIDAD")
    assert (created.parent.code, created.queue.code, created.needs_account_check) == (
        place.sub.code, place.queue.code, True)
    assert created.requirement_list == ["CI", "Última factura"]


def test_new_transaction_reaches_the_kiosk_tree(supervisor, place, new_tx) -> None:
    """The public catalogue (what kiosks load) includes the new transaction."""
    supervisor.post("/admin/catalogo/nuevo", new_tx)
    tree = catalogue.tree()
    top = next(n for n in tree if n["code"] == place.top.code)
    sub = next(n for n in top["children"] if n["code"] == place.sub.code)
    assert "PV_PORTABILIDAD" in [child["code"] for child in sub["children"]]


def test_catalogue_edit_tells_kiosks_to_reload(supervisor, kiosk_socket, new_tx) -> None:
    """Saving a node sends `catalogue_changed` to the kiosk room."""
    supervisor.post("/admin/catalogo/nuevo", new_tx)
    names = [message["name"] for message in kiosk_socket.get_received()]
    assert "catalogue_changed" in names


def test_update_transaction_destination(supervisor, place) -> None:
    """Re-routing a transaction changes its queue and desk."""
    target = make_transaction(place.queue, parent=place.sub, label="Revisión HSPA+")
    queue = make_queue()
    desk = make_desk(queues=[queue])
    response = supervisor.post(f"/admin/catalogo/{target.id}", {
        "kind": "transaction", "parent": place.sub.code, "code": target.code, "label": "Revisión HSPA+",
        "position": "1", "queue": queue.code, "desk": desk.code, "active": "1"})
    assert response.status_code == 302
    assert (node(target.code).queue.code, node(target.code).desk.code) == (queue.code, desk.code)


def test_transaction_needs_a_queue(supervisor, new_tx) -> None:
    """A transaction without a destination queue is refused."""
    response = supervisor.post("/admin/catalogo/nuevo", {**new_tx, "queue": ""})
    assert response.status_code == 422
    assert "Un trámite necesita la cola a la que envía." in response.get_data(as_text=True)
    assert node("PV_PORTABILIDAD") is None


def test_desk_must_serve_the_queue(supervisor, new_tx) -> None:
    """A transaction sent to a desk through a queue that desk does not serve is refused."""
    boc = make_queue(name="Back Office Comercial")
    desk = make_desk(name="Mesón 1")  # serving a queue of its own
    response = supervisor.post("/admin/catalogo/nuevo", {**new_tx, "queue": boc.code, "desk": desk.code})
    assert response.status_code == 422
    assert "El mesón «Mesón 1» no atiende la cola «Back Office Comercial»." in response.get_data(as_text=True)


def test_code_must_be_unique(supervisor, new_tx) -> None:
    """Two nodes cannot share a code."""
    taken = make_transaction().code
    response = supervisor.post("/admin/catalogo/nuevo", {**new_tx, "code": taken})
    assert response.status_code == 422
    assert f"Ya existe un elemento con el código «{taken}»." in response.get_data(as_text=True)


def test_only_categories_at_top_level(supervisor, new_tx) -> None:
    """A transaction must sit inside a category."""
    response = supervisor.post("/admin/catalogo/nuevo", {**new_tx, "parent": ""})
    assert response.status_code == 422
    assert "Solo las categorías van en el primer nivel" in response.get_data(as_text=True)


def test_category_cannot_go_inside_itself(supervisor, place) -> None:
    """Moving a category under its own child is refused."""
    response = supervisor.post(f"/admin/catalogo/{place.top.id}", {"kind": "category", "parent": place.sub.code,
                                                                   "code": place.top.code, "label": "Trámites",
                                                                   "active": "1"})
    assert response.status_code == 422
    assert "Una categoría no puede quedar dentro de sí misma." in response.get_data(as_text=True)


def test_code_of_used_transaction_cannot_change(supervisor, place) -> None:
    """Tickets keep their transaction's code, so a used code is frozen."""
    target = make_transaction(place.queue, parent=place.sub, label="Daños")
    make_ticket(target)
    response = supervisor.post(f"/admin/catalogo/{target.id}", {
        "kind": "transaction", "parent": place.sub.code, "code": f"{target.code}X", "label": "Daños",
        "queue": place.queue.code, "active": "1"})
    assert response.status_code == 422
    assert "El código de un trámite con fichas emitidas no puede cambiar." in response.get_data(as_text=True)


def test_used_transaction_is_deactivated_not_deleted(supervisor) -> None:
    """Deleting a transaction with tickets hides it from kiosks but keeps the row."""
    code = make_transaction().code
    make_ticket(code)
    response = supervisor.post(f"/admin/catalogo/{node(code).id}/eliminar", follow_redirects=True)
    assert "se desactivó en lugar de eliminarse" in response.get_data(as_text=True)
    assert node(code) is not None and not node(code).active
    assert catalogue.node(code) is None


def test_unused_transaction_is_deleted(supervisor, new_tx) -> None:
    """A transaction nobody used is removed; saving and deleting say so in words that agree with any label
    («Portabilidad numérica» is feminine)."""
    saved = supervisor.post("/admin/catalogo/nuevo", new_tx, follow_redirects=True).get_data(as_text=True)
    assert "Se guardó «Portabilidad numérica»." in saved
    deleted = supervisor.post(f"/admin/catalogo/{node('PV_PORTABILIDAD').id}/eliminar", follow_redirects=True)
    assert "Se eliminó «Portabilidad numérica» del catálogo." in deleted.get_data(as_text=True)
    assert node("PV_PORTABILIDAD") is None


def test_category_with_active_children_cannot_be_deleted(supervisor) -> None:
    """A category keeps its place while it holds active entries."""
    category = make_category()
    make_transaction(parent=category)
    make_transaction(parent=category)
    response = supervisor.post(f"/admin/catalogo/{category.id}/eliminar", follow_redirects=True)
    assert "contiene 2 elementos activos:" in response.get_data(as_text=True)
    assert node(category.code).active


def test_create_brochure(supervisor) -> None:
    """An information topic (brochure) is created under «Información de servicios» with its requirements."""
    response = supervisor.post("/admin/catalogo/nuevo", {
        "kind": "info", "parent": "INFO", "code": "info_movil", "label": "Telefonía móvil",
        "requirements": "CI vigente", "active": "1", "queue": make_queue().code, "needs_account_check": "1"})
    assert response.status_code == 302
    created = node("INFO_MOVIL")
    assert (created.kind, created.queue_id, created.needs_account_check) == ("info", None, False)
    assert "Telefonía móvil" in supervisor.get("/admin/folletos").get_data(as_text=True)


def test_directory_entry_needs_a_location(supervisor) -> None:
    """A directory entry without its location is refused."""
    response = supervisor.post("/admin/catalogo/nuevo", {"kind": "directory", "parent": "UBICAR",
                                                         "code": "DIR_SISTEMAS", "label": "Sistemas", "active": "1"})
    assert response.status_code == 422
    assert "Falta «Ubicación»." in response.get_data(as_text=True)


def test_create_directory_entry(supervisor) -> None:
    """A directory entry keeps unit, floor and location, and is listed in the directory page."""
    supervisor.post("/admin/catalogo/nuevo", {"kind": "directory", "parent": "UBICAR", "code": "DIR_SISTEMAS",
                                              "label": "Sistemas", "unit": "Gerencia de Sistemas", "floor": "Piso 4",
                                              "location": "Oficina 402", "active": "1"})
    created = node("DIR_SISTEMAS")
    assert (created.unit, created.floor, created.location) == ("Gerencia de Sistemas", "Piso 4", "Oficina 402")
    assert "Oficina 402" in supervisor.get("/admin/directorio").get_data(as_text=True)
