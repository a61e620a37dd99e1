"""Inputs that used to answer 500 now answer a Spanish 4xx (or, on a page, a Spanish notice), writing nothing:
lone UTF-16 surrogates in JSON, ids past the database's range, weeks, months and days off the calendar, and
a decompression-bomb logo."""

from __future__ import annotations

import io
import json
import struct
import zlib
from typing import Any

import pytest

from tests.api.test_bad_input import assert_spanish_error, row_counts
from tests.builders import make_queue
from tests.helpers import bearer, device_token, token_for
from tests.staff import signed_in

HUGE = "99999999999999999999"
SURROGATE = '"\\ud800"'  # JSON text for a lone surrogate: valid JSON, not encodable as UTF-8


def raw_json(template: str, tx: str = "") -> bytes:
    """A JSON body carrying a lone surrogate where the template says {S} (json.dumps cannot write one), and
    the transaction `tx` where it says {T}."""
    return template.replace("{S}", SURROGATE).replace("{T}", tx).encode()


@pytest.mark.parametrize("template", [
    '{"transaction": {S}}',
    '{"transaction": "{T}", "idempotency_key": {S}}',
    '{"transaction": "{T}", "account": {S}}',
    '{{S}: 1, "transaction": "{T}"}',
    '{"transaction": "{T}", "extra": [{"deep": {S}}]}',
])
def test_lone_surrogate_in_a_ticket_request_is_422(client, counter, template) -> None:
    """Any text field (or key) with "\\ud800" is malformed JSON: 422 in Spanish, no ticket."""
    kiosk, tx = bearer(device_token("kiosk")), counter.tx
    before = row_counts()
    response = client.post("/api/v1/tickets", data=raw_json(template, tx),
                           headers={**kiosk, "Content-Type": "application/json"})
    assert_spanish_error(response, 422, "malformed_json")
    assert row_counts() == before


def test_lone_surrogate_in_a_transfer_note_is_422(client, counter) -> None:
    ticket, other = counter.issue(), make_queue().code
    response = client.post(f"/api/v1/tickets/{ticket.id}/transfer",
                           data=raw_json('{"queue": "{T}", "note": {S}}', other),
                           headers={**bearer(token_for("jefa", "supervisor")), "Content-Type": "application/json"})
    assert_spanish_error(response, 422, "malformed_json")


def test_lone_surrogate_in_a_form_sent_as_json_is_400(app) -> None:
    """Flask-WTF reads a form from a JSON body too (here the desk picker): the same refusal, as a Spanish
    error page, and the agent takes no desk."""
    agent = signed_in(app, "asesor1", "agent")
    before = row_counts()
    response = agent.client.post("/desk/sign-in", data=raw_json('{"desk": {S}}'),
                                 headers={"X-CSRFToken": agent.csrf, "Content-Type": "application/json"})
    assert response.status_code == 400
    assert "La solicitud no es válida" in response.get_data(as_text=True)
    assert row_counts() == before


@pytest.mark.parametrize("method,path", [
    ("GET", f"/api/v1/tickets/{HUGE}"),
    ("POST", f"/api/v1/tickets/{HUGE}/transfer"),
    ("POST", f"/api/v1/tickets/{HUGE}/cancel"),
])
def test_huge_ticket_id_in_an_api_path_is_404(client, counter, method, path) -> None:
    response = client.open(path, method=method, json={"queue": counter.queue.code},
                           headers=bearer(token_for("jefa", "supervisor")))
    assert_spanish_error(response, 404)


@pytest.mark.parametrize("value", [HUGE, int(HUGE), "²", "-1", 0])
def test_ticket_number_out_of_range_in_a_json_body_is_422(client, counter, value: Any) -> None:
    response = client.post(f"/api/v1/desks/{counter.desk}/call", json={"ticket": value},
                           headers=bearer(token_for("jefa", "supervisor")))
    assert_spanish_error(response, 422, "invalid_field")


@pytest.mark.parametrize("path", [f"/admin/usuarios/{HUGE}", f"/admin/mesones/{HUGE}", f"/admin/top10/casos/{HUGE}",
                                  f"/admin/impresiones/{HUGE}.png", f"/kiosk/impresiones/{HUGE}"])
def test_huge_id_in_a_page_path_is_404(admin, path) -> None:
    response = admin.get(path)
    assert response.status_code == 404
    assert "No se encontró" in response.get_data(as_text=True)


@pytest.mark.parametrize("query", [f"funcionario={HUGE}", f"pagina={HUGE}", "pagina=²", "funcionario=²"])
def test_huge_or_odd_numbers_in_the_audit_filters_are_ignored(admin, query) -> None:
    assert admin.get(f"/admin/auditoria?{query}").status_code == 200


@pytest.mark.parametrize("devices", [HUGE, "²"])
def test_odd_device_ids_in_the_printer_form_are_ignored(admin, devices) -> None:
    response = admin.post("/admin/impresoras/nueva", data={
        "code": "REC2", "name": "Recepción 2", "backend": "file", "path": "/tmp/x.bin",
        "profile": "TM-T20II", "paper_width_mm": "80", "devices": devices})
    assert response.status_code < 500


def test_case_step_with_a_huge_technician_id_is_refused_politely(admin) -> None:
    response = admin.post("/admin/top10/casos/1/schedule", data={"technician": HUGE})
    assert response.status_code < 500


@pytest.mark.parametrize("path", [
    "/admin/top10/semana?semana=2026-W99", "/admin/top10/semana?semana=9999-W52",
    "/admin/top10/semana?semana=0001-W01", "/admin/top10/indicador?mes=2026-13",
    "/admin/top10/indicador?mes=9999-12", "/admin/top10/indicador?mes=0000-01",
    "/admin/top10/indicador?mes=0001-01", "/admin/estadisticas?desde=9999-12-31&hasta=9999-12-31",
    "/admin/estadisticas?desde=0001-01-01&hasta=0001-01-01",
])
def test_week_month_or_day_off_the_calendar_gives_a_spanish_notice(admin, path) -> None:
    """The page falls back to the current week/month/day and says why, instead of a 500."""
    response = admin.get(path, follow_redirects=True)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "no es válid" in body or "debe estar entre los años" in body


@pytest.mark.parametrize("path", [
    "/admin/top10/semana.csv?semana=9999-W52", "/admin/top10/semana.xlsx?semana=2026-W99",
    "/admin/estadisticas.csv?desde=9999-12-31&hasta=9999-12-31",
    "/admin/estadisticas.csv?desde=0001-01-01&hasta=0001-01-02",
])
def test_exports_off_the_calendar_are_422(admin, path) -> None:
    response = admin.get(path)
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "no es válid" in body or "debe estar entre los años" in body


def test_week_actions_off_the_calendar_are_refused(admin) -> None:
    before = row_counts()
    response = admin.post("/admin/top10/semana/generar", data={"semana": "9999-W52"}, follow_redirects=True)
    assert response.status_code == 200 and "no es válida" in response.get_data(as_text=True)
    assert row_counts() == before


def _png_header(width: int, height: int) -> bytes:
    """A PNG that only claims its size: Pillow reads the header first, which is all a bomb needs."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    return (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(ihdr)) + chunk + struct.pack(">I", zlib.crc32(chunk))
            + struct.pack(">I", 0) + b"IEND" + struct.pack(">I", zlib.crc32(b"IEND")))


@pytest.mark.parametrize("width,height", [(100_000, 100_000), (12_000, 12_000)])
def test_decompression_bomb_logo_is_refused(supervisor, width: int, height: int) -> None:
    """A few bytes claiming a huge image: 422 with a Spanish message, no printer saved."""
    before = row_counts()
    response = supervisor.post("/admin/impresoras/nueva", content_type="multipart/form-data", data={
        "code": "REC2", "name": "Recepción 2", "backend": "file", "path": "/tmp/x.bin",
        "profile": "TM-T20II", "paper_width_mm": "80",
        "logo": (io.BytesIO(_png_header(width, height)), "logo.png")})
    assert response.status_code == 422
    assert "El logo es demasiado grande" in response.get_data(as_text=True)
    assert row_counts() == before


def test_a_surrogate_pair_is_ordinary_text(client, counter) -> None:
    """A valid pair (an emoji) is ordinary text, not refused."""
    body = json.dumps({"transaction": counter.tx, "idempotency_key": "toque-😀-0001"}).encode()
    response = client.post("/api/v1/tickets", data=body,
                           headers={**bearer(device_token("kiosk")), "Content-Type": "application/json"})
    assert response.status_code == 201
