"""One `identify()` (web/access.py) for pages, the API and Socket.IO `connect`, and one `wants_json()`."""

from __future__ import annotations

from core.extensions import socketio
from core.people import users
from tests.builders import make_area
from tests.helpers import bearer, device_token, token_for
from tests.staff import signed_in


def test_a_bearer_token_is_the_caller_even_from_a_signed_in_browser(app) -> None:
    """A receptionist's browser sending an agent's API token opens the desk console as that agent."""
    browser = signed_in(app, "recep", "reception")  # tests/staff.py
    assert browser.get("/desk").status_code == 403
    agent_token = token_for("asesor9", "agent")
    assert browser.get("/desk", headers=bearer(agent_token)).status_code == 200


def test_a_wrong_bearer_token_identifies_nobody_on_http_and_on_sockets(app, supervisor) -> None:
    """A signed-in supervisor's cookie does not stand in for a wrong token: 401 on the API, refused socket."""
    browser = supervisor
    assert browser.get("/api/v1/queues").status_code == 200
    refused = browser.get("/api/v1/queues", headers=bearer("no-es-un-token"))
    assert refused.status_code == 401 and refused.get_json()["error"]["code"] == "unauthorized"
    socket = socketio.test_client(app, flask_test_client=browser.client, auth={"token": "no-es-un-token"})
    assert not socket.is_connected()
    assert socketio.test_client(app, flask_test_client=browser.client).is_connected()


def test_a_revoked_device_remembered_by_the_browser_is_nobody_on_http_and_on_sockets(app) -> None:
    """A panel revoked in admin loses its page and its live connection, though its browser still has the cookie."""
    area = make_area().code
    device, token = users.create_device("panel", "panel-revocado", area=area)
    browser = app.test_client()
    browser.get(f"/display/{area}?token={token}")
    assert browser.get(f"/display/{area}").status_code == 200
    assert socketio.test_client(app, flask_test_client=browser, auth={"area": area}).is_connected()
    users.revoke_device(device.id)
    assert browser.get(f"/display/{area}").status_code == 401
    assert not socketio.test_client(app, flask_test_client=browser, auth={"area": area}).is_connected()


def test_json_first_with_html_acceptable_gets_the_page_answers(app) -> None:
    """`Accept: application/json, text/html` is a browser: the login page and an HTML error, not JSON."""
    client = app.test_client()
    mixed = {"Accept": "application/json, text/html"}
    response = client.get("/admin/", headers=mixed)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    missing = client.get("/no-existe", headers=mixed)
    assert missing.status_code == 404 and missing.mimetype == "text/html"


def test_json_only_gets_json_answers(app) -> None:
    """`Accept: application/json` alone is a script: 401 and 404 in the API's error shape."""
    client = app.test_client()
    only_json = {"Accept": "application/json"}
    response = client.get("/admin/", headers=only_json)
    assert response.status_code == 401 and response.get_json()["error"]["code"] == "unauthorized"
    assert client.get("/no-existe", headers=only_json).get_json()["error"]["code"] == "not_found"


def test_a_device_token_names_a_device_for_any_route(app) -> None:
    """The same token rule for every route: a kiosk's token on a panel route is a known caller, refused (403)."""
    kiosk = device_token("kiosk", "kiosco-1")
    assert app.test_client().get("/api/v1/display/PLAT/snapshot", headers=bearer(kiosk)).status_code == 403
