"""Under gunicorn's gevent worker a large import runs in the background and the server keeps answering: the
import's own page is served while the file is still being read."""

from __future__ import annotations

import re
import time

import requests

from core.extensions import db
from tests import gunicorn, services
from tests.helpers import PASSWORD, make_user

ROWS = 60_000


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def test_a_large_import_does_not_stop_the_gevent_worker(app, db_url, tmp_path) -> None:
    """While a 60,000-row file is read in the background, the status page answers with the rows read so far
    (neither none nor all of them), then with the counts."""
    make_user("supervisora", "supervisor")
    db.session.remove()  # release the test's read transaction before another process writes
    data = ("Cuenta;Nombre;Deuda\n" + "".join(f"{300000 + n};Cliente {n};{n % 90},50\n" for n in range(ROWS)))
    listener = services.listening_socket()
    server = gunicorn.start(db_url, tmp_path / "gunicorn-instance", listener)
    base = f"http://127.0.0.1:{listener.getsockname()[1]}"
    listener.close()  # gunicorn holds its own copy
    try:
        gunicorn.wait_ready(f"{base}/login")
        browser = requests.Session()
        token = _csrf(browser.get(f"{base}/login", timeout=10).text)
        browser.post(f"{base}/login", data={"username": "supervisora", "password": PASSWORD, "csrf_token": token},
                     timeout=10)
        token = _csrf(browser.get(f"{base}/admin/cuentas", timeout=10).text)
        response = browser.post(f"{base}/admin/cuentas", data={"csrf_token": token},
                                files={"file": ("cuentas.csv", data.encode(), "text/csv")}, allow_redirects=False,
                                timeout=30)
        assert response.status_code == 302, response.text
        status_url = f"{base}{response.headers['Location']}/estado"
        seen: list[int] = []
        block = ""
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:  # poll as the page does; the answers are what is checked
            block = browser.get(status_url, timeout=30).text
            if "data-poll" not in block:
                break
            seen.append(int(re.search(r'<dd class="rows-read">(\d+)</dd>', block).group(1)))
            time.sleep(0.1)
        assert '<dd class="created">60000</dd>' in block, block
        assert any(0 < rows < ROWS for rows in seen), seen
    finally:
        services.stop(server)
