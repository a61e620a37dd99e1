"""idempotency key scoped to the caller

Revision ID: ad291d7ccda9
Revises: d548f23b8a45
Create Date: 2026-11-27 00:52:47.996205

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ad291d7ccda9'
down_revision = 'd548f23b8a45'
branch_labels = None
depends_on = None


def upgrade():
    # Reviewed. A ticket's idempotency key is unique per caller ("device:<id>", "user:<id>", "system:"), not
    # globally: the same key from another kiosk must not return that kiosk's ticket.
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.add_column(sa.Column('idempotency_scope', sa.String(length=40), nullable=True))
        batch_op.drop_constraint(batch_op.f('uq_ticket_idempotency_key'), type_='unique')
        batch_op.create_unique_constraint('uq_ticket_idempotency', ['idempotency_scope', 'idempotency_key'])
    # Tickets issued before: the caller is the actor of their issue event, so a retry still finds its ticket.
    op.execute(
        "UPDATE ticket SET idempotency_scope = ("
        " SELECT e.actor_kind || ':' || COALESCE(CAST(e.actor_id AS VARCHAR(20)), '') FROM ticket_event e"
        " WHERE e.ticket_id = ticket.id AND e.action = 'issue' ORDER BY e.id LIMIT 1)"
        " WHERE idempotency_key IS NOT NULL"
    )


def downgrade():
    # Keys were unique per caller; a global unique key needs them distinct again: keep the first of each.
    op.execute(
        "UPDATE ticket SET idempotency_key = NULL WHERE idempotency_key IS NOT NULL AND id NOT IN ("
        " SELECT MIN(id) FROM ticket WHERE idempotency_key IS NOT NULL GROUP BY idempotency_key)"
    )
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.drop_constraint('uq_ticket_idempotency', type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_ticket_idempotency_key'), ['idempotency_key'])
        batch_op.drop_column('idempotency_scope')
