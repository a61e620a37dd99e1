"""What `flask restore` checks before it replaces the database (cli/backup.py): whether another process still
uses it, and what a backup older than the last ticket issued would cost.

A restore under a running instance is the worst case: the instance keeps its own idea of today's numbers and
issues D-001 again, a number a customer already holds. The signals that something runs, all in the database
(so they are seen from any host): a live job lease (the print worker, in its own service or inside a web
instance; the Top 10 folder import), and a waiting-room panel that reported connected within SILENT_AFTER_S
(only a running web instance records those reports).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from core import clock
from core.extensions import db
from core.formatting import local_datetime, plural
from core.jobs import lease
from core.models import Device, PanelHealth, Ticket
from core.panels.health import SILENT_AFTER_S

# What an administrator stops for each lease (docs/deploy): a web instance runs the print worker too, unless
# PRINT_WORKER=0.
_STOP = {
    lease.PRINT_WORKER: "systemctl stop turnero-print-worker, y las instancias web que lo ejecutan "
                        "(systemctl stop 'turnero@*')",
    lease.IMPORT_FOLDER: "systemctl stop turnero-import-folder.timer turnero-import-folder.service",
}
_STOP_WEB = "systemctl stop 'turnero@*' (o el `make run` de la demostración)"


def still_running(now: datetime | None = None) -> list[str]:
    """One Spanish line per sign that another process uses the database: who, and what to stop."""
    now = now or clock.now()
    found = []
    for holding in lease.holdings(now):
        if holding.holder is None or holding.holder == lease.holder_id():
            continue
        where = f"el proceso {holding.process} del servidor {holding.host}" if holding.process else holding.host
        found.append(f"«{holding.label}» está en marcha en {where} (lo renueva mientras corre; vigente "
                     f"hasta las {local_datetime(holding.expires_at, 'HH:mm:ss')}). Deténgalo: "
                     f"{_STOP.get(holding.name, _STOP_WEB)}.")
    recent = now - timedelta(seconds=SILENT_AFTER_S)
    panels = db.session.execute(
        select(Device.name, PanelHealth.reported_at).join(PanelHealth, PanelHealth.device_id == Device.id)
        .where(PanelHealth.connected.is_(True), PanelHealth.reported_at > recent).order_by(Device.name)).all()
    for name, reported_at in panels:
        found.append(f"El panel «{name}» está conectado a una instancia web en marcha (informó a las "
                     f"{local_datetime(reported_at, 'HH:mm:ss')}). Detenga las instancias: {_STOP_WEB}.")
    db.session.remove()
    return found


def backup_taken_at(source: Path) -> datetime:
    """When the backup was written: its file's time (a copy keeps it with `cp -p` or `scp -p`)."""
    return datetime.fromtimestamp(Path(source).stat().st_mtime, UTC)


def losses(source: Path, now: datetime | None = None) -> list[str]:
    """Spanish warnings about what restoring `source` loses today: the backup is from an earlier business day,
    or today's tickets were issued after it. Their numbers would be given again to other customers."""
    now = now or clock.now()
    taken, today = backup_taken_at(source), clock.business_day(now)
    issued_after = db.session.scalar(select(func.count(Ticket.id)).where(Ticket.day == today,
                                                                          Ticket.issued_at > taken)) or 0
    db.session.remove()
    lost = (f"{plural(issued_after, 'se perderá la ficha emitida', f'se perderán las {issued_after} fichas emitidas')}"
            " hoy después del respaldo")
    restart = ("la numeración de hoy volverá a empezar desde los contadores del respaldo mientras los clientes "
               "tienen en la mano las fichas de hoy: se repetirían números ya entregados (D-001…)")
    if clock.business_day(taken) < today:
        consequence = f"{lost}, y {restart}" if issued_after else "se perderá todo lo registrado desde entonces"
        return [f"Este respaldo es del {local_datetime(taken)}, de un día anterior a hoy: {consequence}. "
                "Restaure un respaldo de un día pasado solo con la oficina cerrada."]
    if issued_after:
        return [f"Este respaldo es de hoy a las {local_datetime(taken, 'HH:mm')}: {lost}, y {restart}."]
    return []
