"""Large imports run off the request: a thread with its own app context works through the file while the
batch row carries its status and the rows read so far (the admin page polls it). Small files are imported
in the request, so their result shows at once.

Under gunicorn's gevent worker the thread is a greenlet: the engine pauses every few hundred rows so the
other requests keep being served while it reads.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime

from flask import Flask, current_app
from sqlalchemy import select

from core.actors import Actor
from core.errors import DomainError
from core.extensions import db
from core.imports import engine, reader
from core.models import ImportBatch

logger = logging.getLogger(__name__)


def runs_in_background(data: bytes, filename: str) -> bool:
    return reader.work_size(data, filename) > int(current_app.config.get("IMPORT_INLINE_MAX_BYTES", 512 * 1024))


def _work(app: Flask, kind: engine.Kind, data: bytes, filename: str, actor: Actor, now: datetime,
          batch_id: int) -> None:
    with app.app_context():
        try:
            engine.run(kind, data, filename, actor=actor, now=now, batch_id=batch_id)
        except DomainError:
            pass  # a rejection: the batch row holds the message and the row errors
        except Exception:
            logger.exception("background import %s (%s) failed", batch_id, filename)
        finally:
            db.session.remove()


def start(app: Flask, kind: engine.Kind, data: bytes, filename: str, *, actor: Actor, now: datetime) -> int:
    """Queue the import and start it in a background thread; returns the batch id to follow."""
    batch_id = engine.open_batch(kind, filename, actor=actor, now=now)
    threading.Thread(target=_work, args=(app, kind, data, filename, actor, now, batch_id),
                     name=f"import-{batch_id}", daemon=True).start()
    return batch_id


def recent(kinds: tuple[str, ...], limit: int = 20) -> list[ImportBatch]:
    """The import history of these kinds, newest first."""
    return list(db.session.scalars(select(ImportBatch).where(ImportBatch.kind.in_(kinds))
                                   .order_by(ImportBatch.id.desc()).limit(limit)))
