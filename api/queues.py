from flask import jsonify
from sqlalchemy import select

from api.blueprint import bp
from core import clock
from core.extensions import db
from core.models import Queue
from core.roles import FRONT_OFFICE
from core.tickets import waiting_counts
from web.access import role_required


@bp.get("/queues")
@role_required(*FRONT_OFFICE)
def list_queues():
    queues = list(db.session.scalars(select(Queue).where(Queue.active.is_(True)).order_by(Queue.prefix)))
    counts = waiting_counts.waiting_by_queue()
    now = clock.now()
    result = []
    for queue in queues:
        waiting, earliest = counts.get(queue.id, (0, None))
        result.append({"code": queue.code, "prefix": queue.prefix, "name": queue.name, "area": queue.area.code,
                       "waiting": waiting,
                       "longest_wait_s": int((now - earliest).total_seconds()) if earliest else 0})
    return jsonify(result)
