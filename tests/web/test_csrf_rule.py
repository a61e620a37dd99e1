"""The app's one CSRF rule (web/access.py `install_csrf`) leaves what is not a route alone."""

from __future__ import annotations


def test_a_post_to_an_unknown_address_is_not_found_not_a_csrf_refusal(client) -> None:
    """A mistyped address is «not found», as under Flask-WTF's own check: a CSRF refusal would send whoever
    looks into it after a token that does not matter."""
    response = client.post("/recepcion/no-existe", data={"cuenta": "1"})
    assert response.status_code == 404
    assert "No se encontró lo que busca." in response.get_data(as_text=True)
