"""Administración → Parámetros: the trámite of the kiosk's debt button (`debt_transaction`) is chosen from the
catalogue's ticket-issuing trámites, by category; a code that issues no ticket is refused with the reason, and one
deleted from the catalogue after it was chosen shows as «Ninguno», which is what the kiosk does with it."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from core import settings
from core.actors import SYSTEM
from core.errors import Invalid
from core.extensions import db
from core.models import CatalogueNode, Setting
from core.org import catalogue_edit, settings_edit

LABEL = "Trámite que el kiosco ofrece a quien tiene una deuda"


def _select(page: str) -> str:
    found = re.search(r'<select id="f-debt_transaction".*?</select>', page, re.S)
    assert found is not None, "no dropdown for the debt trámite"
    return found.group(0)


def _node_id(code: str) -> int:
    return db.session.scalar(select(CatalogueNode.id).where(CatalogueNode.code == code))


def test_the_debt_trámite_is_chosen_from_the_catalogue_by_category(supervisor, demo) -> None:
    """The seeded trámite is selected in its category; categories and info topics are not offered; «Ninguno» is."""
    page = supervisor.client.get("/admin/parametros").get_data(as_text=True)
    dropdown = _select(page)
    post_venta = re.search(r'<optgroup label="Servicios post venta">(.*?)</optgroup>', dropdown, re.S)
    assert post_venta is not None
    assert re.search(r'<option value="PV_EXC_VIGENTE" selected>Excedentes[^<]*— Unidad de Cartera</option>',
                     post_venta.group(1))
    assert '<optgroup label="Venta de servicios">' in dropdown and '<optgroup label="Baja de servicios">' in dropdown
    assert 'value="VENTA"' not in dropdown and 'value="TRAMITE"' not in dropdown  # categories issue no ticket
    assert re.search(r'<option value="">Ninguno: el kiosco no ofrece', dropdown)


def test_another_trámite_or_none_is_saved_from_the_list(supervisor, demo) -> None:
    """What the list offers is saved: another trámite (the kiosk then offers it: tests/kiosk/test_debt_ticket.py)
    or none."""
    values = {key: str(value) for key, value in settings.all_settings().items() if settings.SETTINGS[key].group
              == "office"}
    assert supervisor.post("/admin/parametros", {**values, "debt_transaction": "PV_REVERTIDA"}).status_code == 302
    db.session.expire_all()
    assert settings.get("debt_transaction") == "PV_REVERTIDA"
    assert supervisor.post("/admin/parametros", {**values, "debt_transaction": ""}).status_code == 302
    db.session.expire_all()
    assert settings.get("debt_transaction") == ""


@pytest.mark.parametrize(("code", "reason"), [
    ("NO_EXISTE", "el catálogo no tiene ningún trámite con el código «NO_EXISTE»"),
    ("VENTA", "«Venta de servicios» no es un trámite (es categoría)"),
])
def test_a_code_that_issues_no_ticket_is_refused_in_spanish(supervisor, demo, code: str, reason: str) -> None:
    """Typed into a hand-made request, or sent to the core: refused, with why, and nothing saved."""
    response = supervisor.post("/admin/parametros", {"debt_transaction": code})
    assert response.status_code == 422
    assert f"«{LABEL}»: {reason}. Elija un trámite de la lista." in response.get_data(as_text=True)
    with pytest.raises(Invalid, match=re.escape(reason)):
        settings_edit.save({"debt_transaction": code.lower()}, actor=SYSTEM)
    db.session.expire_all()
    assert db.session.get(Setting, "debt_transaction") is None and settings.get("debt_transaction") == "PV_EXC_VIGENTE"


def test_a_deactivated_trámite_is_refused(supervisor, demo) -> None:
    settings_edit.save({"debt_transaction": "PV_REVERTIDA"}, actor=SYSTEM)
    node = db.session.get(CatalogueNode, _node_id("PV_TRASLADO"))
    node.active = False
    db.session.commit()
    with pytest.raises(Invalid, match=f"«{node.label}» se desactivó en el catálogo"):
        settings_edit.save({"debt_transaction": "PV_TRASLADO"}, actor=SYSTEM)


def test_a_trámite_deleted_after_it_was_chosen_shows_as_none_and_the_page_still_saves(supervisor, demo) -> None:
    """The kiosk then shows no button; the form says so instead of naming a trámite that is gone, and saving the
    other settings is not blocked by it."""
    settings_edit.save({"debt_transaction": "PV_REVERTIDA"}, actor=SYSTEM)
    catalogue_edit.delete_node(_node_id("PV_REVERTIDA"), actor=SYSTEM)
    page = supervisor.client.get("/admin/parametros").get_data(as_text=True)
    dropdown = _select(page)
    assert " selected" not in dropdown  # the first option, «Ninguno», is what the browser shows
    assert "El trámite guardado («PV_REVERTIDA») ya no emite fichas en el catálogo: el kiosco no muestra el botón." \
        in page
    values = {key: str(value) for key, value in settings.all_settings().items() if settings.SETTINGS[key].group
              == "office"}
    saved = supervisor.post("/admin/parametros", {**values, "panel_history": "5"})
    assert saved.status_code == 302
    db.session.expire_all()
    assert settings.get("panel_history") == 5
