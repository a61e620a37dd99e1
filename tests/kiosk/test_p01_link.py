"""The P01 question's short link /i/<token> (a slip's QR, or the kiosk's debt and requirements screen): a wrong
link gets a customer page like /t/ does, and the page repeats what the slip said, so the link is useful alone."""

from __future__ import annotations

from core.actors import SYSTEM
from core.tickets import attentions
from tests.builders import make_directory_entry, make_info


def test_a_wrong_slip_link_gets_a_customer_page(client, demo) -> None:
    """No staff error page («Código 404. Volver al inicio», the staff login behind it): the customer's own, in
    Spanish, as for a wrong /t/ link."""
    response = client.get("/i/no-existe")
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "No encontramos esta página" in page and "escanee otra vez el código QR" in page
    assert "Código 404" not in page and "Volver al inicio" not in page and "/login" not in page
    assert "status-page" in page  # the customer pages' layout (status.css), not the staff one
    assert client.get("/i/" + "x" * 40).status_code == 404  # longer than any token


def test_the_brochure_link_lists_the_requirements_the_slip_listed(client, demo) -> None:
    info = make_info(label="Baja de servicios (prueba)", requirements="Cédula del titular\nEquipos con accesorios")
    attention = attentions.record_visit("info", info.code, actor=SYSTEM, channel="kiosk", print_slip=False)[0]
    page = client.get(f"/i/{attention.token}").get_data(as_text=True)
    assert "Baja de servicios (prueba)" in page and "Requisitos" in page
    assert "<li>Cédula del titular</li>" in page and "<li>Equipos con accesorios</li>" in page
    assert attentions.QUESTION in page


def test_the_pending_link_lists_the_trámite_s_requirements_never_the_account_s(client, demo) -> None:
    """The debt or requirements screen's QR: the trámite's requirements (what to bring once it is settled); the
    account's own pending requirements are personal and stay off the page."""
    attention = attentions.record_visit("pending", "PV_TRASLADO", actor=SYSTEM, channel="kiosk", print_slip=False)[0]
    page = client.get(f"/i/{attention.token}").get_data(as_text=True)
    assert "Traslado de servicio" in page and "<li>Croquis de ubicación del nuevo domicilio</li>" in page
    assert "Fotocopia de cédula de identidad actualizada" not in page and "Socio Demo" not in page
    # Not «Requisitos o deuda pendientes: Traslado de servicio» over the trámite's list, which read as what this
    # customer still owes: the trámite asked about, and what it asks of anyone.
    assert "Trámite consultado: <strong>Traslado de servicio</strong>" in page
    assert "Lo que pide este trámite" in page and "Requisitos o deuda pendientes" not in page
    assert "por su privacidad no se muestra aquí" in page


def test_the_directions_link_says_where_the_place_is(client, demo) -> None:
    entry = make_directory_entry(label="Unidad de Prueba", unit="Cartera", floor="Mezanine", location="Oficina M-7")
    attention = attentions.record_visit("locate", entry.code, actor=SYSTEM, channel="kiosk", print_slip=False)[0]
    page = client.get(f"/i/{attention.token}").get_data(as_text=True)
    assert "Oficina M-7" in page and "Mezanine" in page and "Seguridad Física" in page
