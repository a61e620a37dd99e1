"""No log line carries a device token, a customer's account number or CI: captured while a kiosk logs in with its
start URL, checks a CI and issues a ticket with an account (the account service down, so its failure is logged),
against the live development server whose request log includes every URL."""

from __future__ import annotations

import logging

import requests

from tests.helpers import bearer
from tests.services import closed_port

ACCOUNT, CI = "100300", "5566778"  # a demo account and its holder's CI


def test_logs_carry_no_token_account_or_ci(app, demo, checked_tx, live_server, caplog, monkeypatch) -> None:
    with closed_port() as refusing:  # the account service is down: its failure is logged
        monkeypatch.setitem(app.config, "ACCOUNT_LOOKUP_URL", f"http://127.0.0.1:{refusing}/cuentas")
        caplog.set_level(logging.INFO)
        base, token = live_server.url, demo.kiosk_token

        kiosk = requests.Session()
        assert kiosk.get(f"{base}/kiosk?token={token}", timeout=10).status_code == 200
        checked = requests.post(f"{base}/api/v1/accounts/check", json={"account": CI}, headers=bearer(token),
                                timeout=10)
        issued = requests.post(f"{base}/api/v1/tickets", headers=bearer(token), timeout=10,
                               json={"transaction": checked_tx, "account": ACCOUNT, "idempotency_key": "log-0001"})
        assert checked.json()["result"]["status"] == "unavailable" and issued.status_code == 201

    logged = caplog.text
    assert "GET /kiosk?[oculto]" in logged and "account lookup unavailable" in logged  # the lines were captured
    for secret in (token, ACCOUNT, CI):
        assert secret not in logged, f"{secret!r} in the logs:\n{logged}"
