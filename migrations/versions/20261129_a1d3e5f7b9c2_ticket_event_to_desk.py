"""ticket_event.to_desk_id: the desk a transfer sent the ticket to (the audit named only the desk it left)

Revision ID: a1d3e5f7b9c2
Revises: f2c8a5d1e7b3
Create Date: 2026-11-29 05:20:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'a1d3e5f7b9c2'
down_revision = 'f2c8a5d1e7b3'
branch_labels = None
depends_on = None


def upgrade():
    # Reviewed: a nullable column; events before it (and every event but a transfer to a desk) name none.
    with op.batch_alter_table('ticket_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('to_desk_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_ticket_event_to_desk_id_desk'), 'desk', ['to_desk_id'], ['id'])


def downgrade():
    with op.batch_alter_table('ticket_event', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_ticket_event_to_desk_id_desk'), type_='foreignkey')
        batch_op.drop_column('to_desk_id')
