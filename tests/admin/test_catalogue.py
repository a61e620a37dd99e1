"""Admin → catalogue, brochures and directory: edits, validation, history-safe deletes, kiosk refresh."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.extensions import db, socketio
from core.models import CatalogueNode
from core.org import catalogue
from tests.helpers import device_token
from tests.staff import issue

NEW_TX = {"kind": "transaction", "parent": "POSTVENTA", "code": "pv_portabilidad", "label": "Portabilidad numérica",
          "position": "5", "queue": "PLAT", "needs_account_check": "1", "requirements": "CI\nÚltima factura",
          "active": "1"}


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


def test_create_transaction(supervisor) -> None:
    """A new transaction lands under its category with its destination and account-check flag."""
    assert supervisor.post("/admin/catalogo/nuevo", NEW_TX).status_code == 302
    created = node("PV_PORTABILIDAD")
    assert (created.parent.code, created.queue.code, created.needs_account_check) == ("POSTVENTA", "PLAT", True)
    assert created.requirement_list == ["CI", "Última factura"]


def test_new_transaction_reaches_the_kiosk_tree(supervisor) -> None:
    """The public catalogue (what kiosks load) includes the new transaction."""
    supervisor.post("/admin/catalogo/nuevo", NEW_TX)
    tree = catalogue.tree()
    tramite = next(n for n in tree if n["code"] == "TRAMITE")
    postventa = next(n for n in tramite["children"] if n["code"] == "POSTVENTA")
    assert "PV_PORTABILIDAD" in [child["code"] for child in postventa["children"]]


def test_catalogue_edit_tells_kiosks_to_reload(supervisor, kiosk_socket) -> None:
    """Saving a node sends `catalogue_changed` to the kiosk room."""
    supervisor.post("/admin/catalogo/nuevo", NEW_TX)
    names = [message["name"] for message in kiosk_socket.get_received()]
    assert "catalogue_changed" in names


def test_update_transaction_destination(supervisor) -> None:
    """Re-routing a transaction changes its queue and desk."""
    target = node("PV_HSPA")
    response = supervisor.post(f"/admin/catalogo/{target.id}", {
        "kind": "transaction", "parent": "POSTVENTA", "code": "PV_HSPA", "label": "Revisión HSPA+",
        "position": "1", "queue": "PLAT", "desk": "P03", "active": "1"})
    assert response.status_code == 302
    assert (node("PV_HSPA").queue.code, node("PV_HSPA").desk.code) == ("PLAT", "P03")


def test_transaction_needs_a_queue(supervisor) -> None:
    """A transaction without a destination queue is refused."""
    response = supervisor.post("/admin/catalogo/nuevo", {**NEW_TX, "queue": ""})
    assert response.status_code == 422
    assert "Un trámite necesita la cola a la que envía." in response.get_data(as_text=True)
    assert node("PV_PORTABILIDAD") is None


def test_desk_must_serve_the_queue(supervisor) -> None:
    """A transaction sent to a desk through a queue that desk does not serve is refused."""
    response = supervisor.post("/admin/catalogo/nuevo",
                               {**NEW_TX, "queue": "BOC", "desk": "P01"})
    assert response.status_code == 422
    assert "El mesón «Mesón 1» no atiende la cola «Back Office Comercial»." in response.get_data(as_text=True)


def test_code_must_be_unique(supervisor) -> None:
    """Two nodes cannot share a code."""
    response = supervisor.post("/admin/catalogo/nuevo", {**NEW_TX, "code": "PV_HSPA"})
    assert response.status_code == 422
    assert "Ya existe un elemento con el código «PV_HSPA»." in response.get_data(as_text=True)


def test_only_categories_at_top_level(supervisor) -> None:
    """A transaction must sit inside a category."""
    response = supervisor.post("/admin/catalogo/nuevo", {**NEW_TX, "parent": ""})
    assert response.status_code == 422
    assert "Solo las categorías van en el primer nivel" in response.get_data(as_text=True)


def test_category_cannot_go_inside_itself(supervisor) -> None:
    """Moving a category under its own child is refused."""
    venta = node("TRAMITE")
    response = supervisor.post(f"/admin/catalogo/{venta.id}", {"kind": "category", "parent": "VENTA",
                                                                "code": "TRAMITE", "label": "Trámites", "active": "1"})
    assert response.status_code == 422
    assert "Una categoría no puede quedar dentro de sí misma." in response.get_data(as_text=True)


def test_code_of_used_transaction_cannot_change(supervisor) -> None:
    """Tickets keep their transaction's code, so a used code is frozen."""
    issue("PV_DANOS")
    target = node("PV_DANOS")
    response = supervisor.post(f"/admin/catalogo/{target.id}", {
        "kind": "transaction", "parent": "POSTVENTA", "code": "PV_DANIOS", "label": "Daños", "queue": "BOC",
        "active": "1"})
    assert response.status_code == 422
    assert "El código de un trámite con fichas emitidas no puede cambiar." in response.get_data(as_text=True)


def test_used_transaction_is_deactivated_not_deleted(supervisor) -> None:
    """Deleting a transaction with tickets hides it from kiosks but keeps the row."""
    issue("PV_DANOS")
    response = supervisor.post(f"/admin/catalogo/{node('PV_DANOS').id}/eliminar", follow_redirects=True)
    assert "se desactivó en lugar de eliminarse" in response.get_data(as_text=True)
    assert node("PV_DANOS") is not None and not node("PV_DANOS").active
    assert catalogue.node("PV_DANOS") is None


def test_unused_transaction_is_deleted(supervisor) -> None:
    """A transaction nobody used is removed."""
    supervisor.post("/admin/catalogo/nuevo", NEW_TX)
    supervisor.post(f"/admin/catalogo/{node('PV_PORTABILIDAD').id}/eliminar")
    assert node("PV_PORTABILIDAD") is None


def test_category_with_active_children_cannot_be_deleted(supervisor) -> None:
    """A category keeps its place while it holds active entries."""
    response = supervisor.post(f"/admin/catalogo/{node('BAJA').id}/eliminar", follow_redirects=True)
    assert "contiene 2 elemento(s) activos" in response.get_data(as_text=True)
    assert node("BAJA").active


def test_create_brochure(supervisor) -> None:
    """An information topic (brochure) is created under «Información de servicios» with its requirements."""
    response = supervisor.post("/admin/catalogo/nuevo", {
        "kind": "info", "parent": "INFO", "code": "info_movil", "label": "Telefonía móvil",
        "requirements": "CI vigente", "active": "1", "queue": "PLAT", "needs_account_check": "1"})
    assert response.status_code == 302
    created = node("INFO_MOVIL")
    assert (created.kind, created.queue_id, created.needs_account_check) == ("info", None, False)
    assert "Telefonía móvil" in supervisor.get("/admin/folletos").get_data(as_text=True)


def test_directory_entry_needs_a_location(supervisor) -> None:
    """A directory entry without its location is refused."""
    response = supervisor.post("/admin/catalogo/nuevo", {"kind": "directory", "parent": "UBICAR",
                                                         "code": "DIR_SISTEMAS", "label": "Sistemas", "active": "1"})
    assert response.status_code == 422
    assert "«Ubicación» es obligatorio." in response.get_data(as_text=True)


def test_create_directory_entry(supervisor) -> None:
    """A directory entry keeps unit, floor and location, and is listed in the directory page."""
    supervisor.post("/admin/catalogo/nuevo", {"kind": "directory", "parent": "UBICAR", "code": "DIR_SISTEMAS",
                                              "label": "Sistemas", "unit": "Gerencia de Sistemas", "floor": "Piso 4",
                                              "location": "Oficina 402", "active": "1"})
    created = node("DIR_SISTEMAS")
    assert (created.unit, created.floor, created.location) == ("Gerencia de Sistemas", "Piso 4", "Oficina 402")
    assert "Oficina 402" in supervisor.get("/admin/directorio").get_data(as_text=True)
