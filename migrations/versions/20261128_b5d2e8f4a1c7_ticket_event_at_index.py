"""ticket_event (at, id) index: the audit's newest-first page without sorting every event (issue 13)

Revision ID: b5d2e8f4a1c7
Revises: a7c41e9d2b63
Create Date: 2026-11-28 07:40:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'b5d2e8f4a1c7'
down_revision = 'a7c41e9d2b63'
branch_labels = None
depends_on = None


def upgrade():
    # Reviewed: an index only; building it reads the event table once.
    with op.batch_alter_table('ticket_event', schema=None) as batch_op:
        batch_op.create_index('ix_ticket_event_at', ['at', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('ticket_event', schema=None) as batch_op:
        batch_op.drop_index('ix_ticket_event_at')
