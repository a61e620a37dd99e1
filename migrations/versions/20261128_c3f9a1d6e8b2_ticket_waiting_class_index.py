"""ticket (status, queue_id, target_desk_id, preferential) index: people ahead counted from the index (issue 13)

Revision ID: c3f9a1d6e8b2
Revises: b5d2e8f4a1c7
Create Date: 2026-11-28 08:40:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c3f9a1d6e8b2'
down_revision = 'b5d2e8f4a1c7'
branch_labels = None
depends_on = None


def upgrade():
    # Reviewed: an index only; building it reads the ticket table once.
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.create_index('ix_ticket_waiting_class', ['status', 'queue_id', 'target_desk_id', 'preferential'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.drop_index('ix_ticket_waiting_class')
