"""A customer told of a debt at the kiosk (COM-DSC-P01 act. 7) may take a ticket for the unit that settles or
negotiates it (the setting `debt_transaction`), and answer the P01 question from the QR of their «pending»
attention."""

from __future__ import annotations

import re

from sqlalchemy import select

from core import settings
from core.actors import SYSTEM
from core.extensions import db
from core.models import Attention, CatalogueNode
from core.org import catalogue_edit, settings_edit


def test_the_debt_screen_offers_the_debt_unit_s_trámite(kiosk) -> None:
    """The server names the trámite (its code, label, requirements) and where it goes; the script never names one."""
    assert settings.get("debt_transaction") == "PV_EXC_VIGENTE"
    page = kiosk.client.get("/kiosk").get_data(as_text=True)
    button = re.search(r"<button[^>]*data-debt-ticket[^>]*>.*?</button>", page, re.S)
    assert button is not None
    assert 'data-tx="PV_EXC_VIGENTE"' in button.group(0) and "Unidad de Cartera" in button.group(0)
    assert "Sacar ficha para pagar o negociar la deuda" in button.group(0)
    assert "Comprobante de pago, si ya pag" in button.group(0)  # its requirements, for «¿Tiene todo?»


def test_no_button_while_the_setting_names_no_active_trámite(kiosk) -> None:
    """None chosen (Parámetros' «Ninguno»), or a trámite the admin deleted since: no button (the customer never
    gets a ticket for a trámite that is gone). A code that names nothing cannot be saved
    (tests/admin/test_debt_transaction_setting.py)."""
    settings_edit.save({"debt_transaction": ""}, actor=SYSTEM)
    assert "data-debt-ticket" not in kiosk.client.get("/kiosk").get_data(as_text=True)
    settings_edit.save({"debt_transaction": "pv_revertida"}, actor=SYSTEM)  # any case: the code is stored upper
    assert 'data-debt-ticket hidden data-tx="PV_REVERTIDA"' in kiosk.client.get("/kiosk").get_data(as_text=True)
    catalogue_edit.delete_node(db.session.scalar(select(CatalogueNode.id).where(CatalogueNode.code == "PV_REVERTIDA")),
                               actor=SYSTEM)
    assert "data-debt-ticket" not in kiosk.client.get("/kiosk").get_data(as_text=True)


def test_the_pending_attention_gives_the_qr_of_its_p01_question(kiosk) -> None:
    """POST /kiosk/pendiente/<tx> answers with the QR of the attention's /i/<token> page; the QR is an SVG of that
    link and the page asks the question, with no personal data."""
    answer = kiosk.post("/kiosk/pendiente/PV_TRASLADO")
    assert answer.status_code == 201
    attention = db.session.scalar(select(Attention).where(Attention.kind == "pending"))
    assert answer.get_json()["survey_qr"] == f"/i/{attention.token}/qr.svg"
    qr = kiosk.client.get(answer.get_json()["survey_qr"])
    assert qr.status_code == 200 and qr.mimetype == "image/svg+xml" and b"<svg" in qr.data
    assert kiosk.client.get("/i/no-existe/qr.svg").status_code == 404
