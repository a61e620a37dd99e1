"""What a configuration change tells the screens. Called by the admin operations inside their transaction.

Kiosks re-read the catalogue on `catalogue_changed` (unsequenced: the kiosk room has no snapshot to
resync from). Panels re-read their snapshot on `config_changed`, sequenced per area room like every panel
event, so a panel that missed it sees the gap. Monitors and consoles (both staff audiences) get it
too.
"""

from __future__ import annotations

from sqlalchemy import select

from core.extensions import db
from core.models import WaitingArea
from core.realtime import outbox
from core.realtime.broadcast import ALL_AREAS, area_room


def catalogue_changed(what: str) -> None:
    outbox.queue("catalogue_changed", "kiosk", {"what": what}, sequenced=False)


def config_changed(what: str, area_codes: list[str] | None = None) -> None:
    """`area_codes` None: every area (a change that concerns all panels)."""
    if area_codes is None:
        area_codes = list(db.session.scalars(select(WaitingArea.code).order_by(WaitingArea.code)))
    for code in dict.fromkeys([*area_codes, ALL_AREAS]):
        outbox.queue("config_changed", area_room(code), {"what": what, "area": code})
    outbox.to_staff("config_changed", {"what": what})
