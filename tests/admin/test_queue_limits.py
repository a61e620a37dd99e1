"""Admin → Colas: the daily limits (quota, opening and closing time) are edited on the queue form, and the kiosk's
API answers a closed trámite with a clear Spanish 409."""

from __future__ import annotations

from datetime import time

from sqlalchemy import select

from core.extensions import db
from core.models import Queue
from tests.builders import make_area, make_counter
from tests.helpers import bearer, device_token


def form(**extra: str) -> dict[str, str]:
    return {"code": "reclamos", "prefix": "r", "name": "Reclamos", "area": make_area().code, "sla_minutes": "20",
            "default_service_minutes": "9", "active": "1", **extra}


def saved() -> Queue | None:
    db.session.expire_all()
    return db.session.scalar(select(Queue).where(Queue.code == "RECLAMOS"))


def test_limits_are_saved_and_shown_again(supervisor) -> None:
    """Quota 40, 08:00 to 16:30: stored, and the edit form shows them as typed."""
    response = supervisor.post("/admin/colas/nueva", form(daily_quota="40", opens_at="08:00", closes_at="16:30"))
    assert response.status_code == 302
    queue = saved()
    assert (queue.daily_quota, queue.opens_at, queue.closes_at) == (40, time(8, 0), time(16, 30))
    page = supervisor.get(f"/admin/colas/{queue.id}").get_data(as_text=True)
    assert 'value="40"' in page and 'value="08:00"' in page and 'value="16:30"' in page


def test_blank_limits_mean_none(supervisor) -> None:
    assert supervisor.post("/admin/colas/nueva", form(daily_quota="", opens_at="", closes_at="")).status_code == 302
    queue = saved()
    assert (queue.daily_quota, queue.opens_at, queue.closes_at) == (None, None, None)


def test_bad_limits_are_refused_in_spanish(supervisor) -> None:
    """A time that is not HH:MM, a closing before the opening, a quota of 0: 422 with the reason, nothing saved."""
    for fields, message in (({"closes_at": "25:00"}, "«Hora de cierre» debe ser una hora como 08:00 o 17:30."),
                            ({"opens_at": "17:00", "closes_at": "08:00"}, "posterior a la de apertura"),
                            ({"daily_quota": "0"}, "«Cupo diario de fichas» debe estar entre 1 y 9999.")):
        response = supervisor.post("/admin/colas/nueva", form(**fields))
        assert response.status_code == 422 and message in response.get_data(as_text=True)
        assert saved() is None


def test_kiosk_gets_a_clear_409_past_the_quota(app, client) -> None:
    """The kiosk's POST past the quota: 409 `queue_closed_today`, a Spanish sentence with when it opens."""
    counter = make_counter()
    counter.queue.daily_quota = 1
    db.session.commit()
    headers = bearer(device_token("kiosk"))
    assert client.post("/api/v1/tickets", json={"transaction": counter.tx}, headers=headers).status_code == 201
    refused = client.post("/api/v1/tickets", json={"transaction": counter.tx}, headers=headers)
    error = refused.get_json()["error"]
    assert refused.status_code == 409 and error["code"] == "queue_closed_today"
    assert "ya no recibe fichas hoy" in error["message"] and "Vuelva el" in error["message"]


def test_the_kiosk_asks_before_the_customer_starts(app, client) -> None:
    """GET /kiosk/tramites/<tx>/cupo: open while the quota lasts, then closed with the same sentence as issuing."""
    counter = make_counter()
    counter.queue.daily_quota = 1
    db.session.commit()
    headers = bearer(device_token("kiosk"))
    url = f"/kiosk/tramites/{counter.tx}/cupo"
    assert client.get(url, headers=headers).get_json() == {"open": True, "desk_open": False}  # its desk is closed
    counter.issue()
    answer = client.get(url, headers=headers).get_json()
    assert answer["open"] is False and answer["reason"] == "quota"
    assert "ya no recibe fichas hoy: ya se entregó la única ficha del día" in answer["message"]
    assert client.get("/kiosk/tramites/NO_EXISTE/cupo", headers=headers).status_code == 404
