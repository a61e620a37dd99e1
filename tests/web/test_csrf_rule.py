"""The app's one CSRF rule (web/access.py `install_csrf`) leaves what is not a route alone."""

from __future__ import annotations

from tests.helpers import csrf_from


def test_a_post_to_an_unknown_address_is_not_found_not_a_csrf_refusal(client) -> None:
    """A mistyped address is «not found», as under Flask-WTF's own check: a CSRF refusal would send whoever
    looks into it after a token that does not matter."""
    response = client.post("/recepcion/no-existe", data={"cuenta": "1"})
    assert response.status_code == 404
    assert "No se encontró lo que busca." in response.get_data(as_text=True)


def _sign_in_without_the_dropped_cookie(app, base_url: str):
    """A browser on http://10.0.0.5 gets the sign-in page and its Set-Cookie, but drops a `Secure` cookie that came
    over plain HTTP: the sign-in is posted with the page's token and no session."""
    app.config["SESSION_COOKIE_SECURE"] = True  # as under TURNERO_ENV=production
    page = app.test_client().get("/login", base_url=base_url)
    assert "Secure" in page.headers["Set-Cookie"]
    return app.test_client().post("/login", base_url=base_url, data={
        "username": "encargada", "password": "x", "csrf_token": csrf_from(page.get_data(as_text=True))})


def test_sign_in_over_plain_http_with_a_secure_cookie_says_https_is_required(app) -> None:
    """Not «El formulario expiró… recargue la página»: reloading never helps, HTTPS does."""
    response = _sign_in_without_the_dropped_cookie(app, "http://10.0.0.5")
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Este servidor solo acepta el ingreso por HTTPS (https://10.0.0.5/login)" in text
    assert "El formulario expiró" not in text


def test_a_lost_session_over_https_is_still_an_expired_form(app) -> None:
    response = _sign_in_without_the_dropped_cookie(app, "https://10.0.0.5")
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "El formulario expiró o no es válido" in text and "HTTPS" not in text
