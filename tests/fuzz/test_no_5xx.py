"""No input gives a 5xx: every POST route under /api/v1 with arbitrary JSON bodies and path values, as each
role, and every admin form with arbitrary fields (hypothesis; deterministic and bounded so the suite stays fast).

Bodies are raw JSON text, so they can carry lone surrogates ("\\ud800") that `json.dumps` of a Python str
escapes faithfully. Path values are text without surrogates: a real server decodes the URL as UTF-8 with
replacement characters, so only a test client could put one there.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.actors import SYSTEM
from core.tickets import desks
from tests.builders import make_area, make_desk, make_queue, make_ticket, make_transaction
from tests.helpers import bearer, device_token, token_for

# The room, queues, desks and transactions _some_tickets() builds, so the strategies can draw real codes.
AREA, QUEUES, DESKS, TRANSACTIONS = "FZSALA", ("FZCOLA1", "FZCOLA2"), ("FZMES1", "FZMES2"), ("FZ_TX1", "FZ_TX2")
FUZZ = settings(max_examples=50, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

TEXT = st.text(max_size=40)  # any code point, lone surrogates included
PATH_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30)
# Small ids reach real rows; the edges of int4/int8 and past them reach the database's limits.
IDS = st.one_of(st.integers(min_value=0, max_value=10**25), st.sampled_from([1, 2, 3, 2**31, 2**63, 10**20]))
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(min_value=-(10**30), max_value=10**30),
                    st.floats(allow_nan=False, allow_infinity=False), TEXT, st.sampled_from(["\ud800", "a\udfff"]),
                    st.sampled_from([*DESKS, *QUEUES, AREA, *TRANSACTIONS, "100200", "1", "adulto_mayor",
                                     "toque-00000001"]))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
                      max_leaves=6)
# The fields the API reads (api/*.py), so the fuzzer reaches past "missing field".
API_FIELDS = ("transaction", "preferential", "account", "idempotency_key", "queue", "desk", "keep_arrival", "note",
              "reason", "ticket", "outcome", "override_reason", "after_attention")
BODIES = st.one_of(
    st.fixed_dictionaries({}, optional={key: VALUES for key in API_FIELDS}),
    st.dictionaries(TEXT, VALUES, max_size=4),
    VALUES,
)
API_ROLES = ("kiosk", "reception", "agent", "supervisor")


def _post_rules(app: Flask, prefix: str) -> list[str]:
    return sorted({rule.rule for rule in app.url_map.iter_rules()
                   if rule.rule.startswith(prefix) and "POST" in rule.methods})


def _fill(rule: str, values: dict[str, Any]) -> str:
    def one(match: re.Match) -> str:
        converter, name = match.group(1), match.group(2)
        value = values[name]
        return str(value) if converter == "int" else quote(str(value), safe="")
    return re.sub(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>", one, rule)


def _path_values(rule: str) -> st.SearchStrategy[dict[str, Any]]:
    params = re.findall(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>", rule)
    return st.fixed_dictionaries({
        name: IDS if converter == "int" else st.one_of(st.sampled_from([*DESKS, AREA, QUEUES[0], "send"]), PATH_TEXT)
        for converter, name in params})


def _some_tickets() -> None:
    """The codes the strategies draw, waiting tickets and one called at the first desk, so ids 1–3 and the
    desks lead somewhere."""
    area = make_area(AREA)
    for queue_code, desk, tx in zip(QUEUES, DESKS, TRANSACTIONS, strict=True):
        queue = make_queue(queue_code, area=area)
        make_desk(desk, queues=[queue])
        make_transaction(queue, code=tx)
    for _ in range(3):
        make_ticket(TRANSACTIONS[0])
    desks.call_next(DESKS[0], actor=SYSTEM)


def _api_headers(role: str) -> dict[str, str]:
    if role == "kiosk":
        return bearer(device_token("kiosk"))
    return bearer(token_for(f"fuzz-{role}", role))


API_RULES = ["/api/v1/accounts/check", "/api/v1/desks/<desk>/call", "/api/v1/desks/<desk>/call-next",
             "/api/v1/desks/<desk>/emergency",
             "/api/v1/desks/<desk>/finish", "/api/v1/desks/<desk>/no-show", "/api/v1/desks/<desk>/pause",
             "/api/v1/desks/<desk>/recall", "/api/v1/desks/<desk>/recheck-account", "/api/v1/desks/<desk>/resume",
             "/api/v1/desks/<desk>/start", "/api/v1/desks/<desk>/undo-no-show",
             "/api/v1/tickets", "/api/v1/tickets/<int:ticket_id>/cancel", "/api/v1/tickets/<int:ticket_id>/transfer"]


def test_the_fuzzed_api_routes_are_every_post_route(app) -> None:
    """A new POST route under /api/v1 joins the fuzzing below."""
    assert _post_rules(app, "/api/v1/") == sorted(API_RULES)


@pytest.mark.parametrize("rule", API_RULES)
def test_api_post_never_answers_5xx(app, rule: str) -> None:
    """Arbitrary JSON bodies and path values, as each role (kiosk, reception, agent, supervisor): always an
    answer below 500."""
    _some_tickets()
    client = app.test_client()
    headers = {role: {**_api_headers(role), "Content-Type": "application/json"} for role in API_ROLES}

    @FUZZ
    @given(role=st.sampled_from(API_ROLES), values=_path_values(rule), body=BODIES)
    def check(role: str, values: dict[str, Any], body: Any) -> None:
        response = client.post(_fill(rule, values), data=json.dumps(body), headers=headers[role])
        assert response.status_code < 500, (rule, role, values, body, response.get_data(as_text=True)[:300])

    check()


# Every field name an admin form reads (admin/*.py), plus the printer's and the settings'.
FORM_FIELDS = (
    "active", "area", "causes", "code", "customer_informed", "default_service_minutes", "description", "desk",
    "directions", "factors", "floor", "full_name", "keywords", "kind", "label", "location", "management", "mode",
    "name", "needs_account_check", "needs_technician", "note", "outcome", "parent", "password", "position",
    "prefix", "queue", "queues", "requirements", "roles", "segmento", "semana", "sla_minutes", "spoken_name",
    "technician", "text", "to", "top", "unit", "username", "visit_at", "work_order", "devices", "backend", "host",
    "port", "baudrate", "path", "profile", "codepage", "paper_width_mm", "timeout", "reached", "satisfied",
    "technical_solution", f"order_{QUEUES[0]}", "preferential_ratio", "normal_max_wait_min", "panel_history",
    "kiosk_idle_seconds", "debt_payment_places", "top10_window_days",
)
FORM_VALUES = st.one_of(PATH_TEXT, st.integers(min_value=-(10**25), max_value=10**25).map(str),
                        st.sampled_from(["", "1", "on", "si", "no", *DESKS, AREA, *QUEUES, "agent", "kiosk", "file",
                                         "2026-W48", "9999-W52", "2026-13", "99999999999999999999", "²"]))
FORMS = st.fixed_dictionaries({}, optional={key: st.lists(FORM_VALUES, min_size=1, max_size=2)
                                            for key in FORM_FIELDS})
# Uploads are covered by their own tests (the import engine belongs to another change).
NOT_FUZZED = {"/admin/cuentas", "/admin/top10/importar", "/admin/paneles/imagen/<area>"}


def admin_form_rules(app: Flask) -> list[str]:
    return [rule for rule in _post_rules(app, "/admin/") if rule not in NOT_FUZZED]


def test_admin_forms_never_answer_5xx(app, admin) -> None:
    """Every admin form (as the admin, who may post them all) with arbitrary fields: always below 500."""
    _some_tickets()
    rules = admin_form_rules(app)
    assert len(rules) > 30

    @settings(FUZZ, max_examples=10 * len(rules))  # about ten per form: page renders are the slow part
    @given(rule=st.sampled_from(rules), data=st.data())
    def check(rule: str, data: st.DataObject) -> None:
        path = _fill(rule, data.draw(_path_values(rule)))
        if path.endswith("/logout"):
            return
        form = {key: values for key, values in data.draw(FORMS).items()}
        response = admin.post(path, form)
        assert response.status_code < 500, (path, form, response.get_data(as_text=True)[:300])

    check()
