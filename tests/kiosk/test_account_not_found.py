"""«Cuenta no encontrada» (COM-DSC-P01 act. 6): for a sale's trámite a new customer has no account yet, and that is
normal. The answer must be true for them and for a customer who mistyped, and say that «Continuar» (reception: the
issue) still gives a valid ticket."""

from __future__ import annotations

from core.org import catalogue

UNKNOWN = "9988776"  # no demo account has this number or CI


def _message(session, transaction: str | None) -> str:
    body = {"account": UNKNOWN, **({"transaction": transaction} if transaction else {})}
    result = session.post("/api/v1/accounts/check", body).get_json()["result"]
    assert result["status"] == "not_found"
    return result["message"]


def test_a_sale_s_unknown_account_speaks_to_a_new_customer_at_the_kiosk(kiosk) -> None:
    """Venta → «Instalación de internet»: a new customer is told to continue, an existing one to check the number;
    neither is told they typed it wrong."""
    message = _message(kiosk, "V_INST_INT")
    assert "Si es cliente nuevo, pulse «Continuar»: en el mesón registrarán sus datos." in message
    assert "Si ya es cliente, revise el número." in message
    assert "acérquese a Recepción" not in message


def test_another_trámite_s_unknown_account_says_continuar_still_gives_a_ticket(kiosk) -> None:
    """A post-sale trámite (or a check that names none): check the number, and «Continuar» still gives a ticket
    that the desk verifies; no «cliente nuevo» there."""
    for transaction in ("PV_TRASLADO", None):
        message = _message(kiosk, transaction)
        assert "Revise el número" in message and "pulse «Continuar»" in message and "revisarán su cuenta" in message
        assert "cliente nuevo" not in message


def test_reception_hears_the_same_in_its_own_words(reception) -> None:
    """Reception issues the ticket itself: no «Continuar» there."""
    sale = _message(reception, "V_INST_INT")
    assert "Si es cliente nuevo, emita la ficha" in sale and "Continuar" not in sale
    other = _message(reception, "PV_TRASLADO")
    assert "verificación pendiente" in other and "cliente nuevo" not in other and "Continuar" not in other


def test_a_sale_is_any_trámite_under_the_venta_category(app, demo) -> None:
    assert catalogue.is_sale("V_INST_INT") and catalogue.is_sale("V_CREDITO")
    assert not catalogue.is_sale("PV_TRASLADO") and not catalogue.is_sale("NO_EXISTE") and not catalogue.is_sale(None)
    assert not catalogue.is_sale("VENTA")  # the category itself is no trámite


def test_the_kiosk_marks_the_sale_s_trámites(kiosk) -> None:
    """The ticket's «verificación pendiente» line reads the same mark (data-sale) for a sale's new customer."""
    page = kiosk.client.get("/kiosk").get_data(as_text=True)
    assert 'data-tx="V_INST_INT" data-check="1"\n              data-sale="1"' in page
    assert 'data-tx="PV_TRASLADO" data-check="1"\n              data-sale="0"' in page
