"""A directory entry may name the queue that serves the public there (core/org/directory.py). That queue can still be
deleted or deactivated: the entry is not a trámite routing customers to it, and it becomes a plain place again."""

from __future__ import annotations

from core.actors import SYSTEM
from core.extensions import db
from core.models import CatalogueNode, Queue
from core.org import office
from core.tickets import engine
from tests.builders import make_directory_entry, make_queue, make_ticket, make_transaction
from tests.helpers import actor_for


def _entry_for(queue: Queue) -> int:
    entry = make_directory_entry(label="Asesoría Legal")
    entry.queue_id = queue.id
    db.session.commit()
    return entry.id


def test_an_unused_queue_a_directory_entry_names_is_deleted(app) -> None:
    queue = make_queue(name="Asesoría Legal")
    entry = _entry_for(queue)
    message = office.delete_queue(queue.id, actor=actor_for("jefa", "supervisor"))
    assert message == "Cola «Asesoría Legal» eliminada."
    assert db.session.get(CatalogueNode, entry).queue_id is None


def test_a_used_queue_a_directory_entry_names_is_deactivated_not_refused(app) -> None:
    """Its trámite moved elsewhere, the queue has history: deactivated. The refusal used to call the directory entry
    a trámite («Estos trámites del catálogo envían a la cola «Asesoría Legal»: Asesoría Legal»)."""
    queue = make_queue(name="Asesoría Legal")
    tx = make_transaction(queue)
    engine.cancel(make_ticket(tx).id, actor=SYSTEM)
    tx.queue_id = make_queue().id  # the trámite now routes elsewhere
    entry = _entry_for(queue)
    message = office.delete_queue(queue.id, actor=actor_for("jefa", "supervisor"))
    assert message == "La cola «Asesoría Legal» tiene historial: se desactivó en lugar de eliminarse."
    assert db.session.get(CatalogueNode, entry).queue_id is None
