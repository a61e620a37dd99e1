"""ticket.waiting_since: since when the customer waits now (the issue, or a transfer after a desk had them)

«Espera más larga» read `arrival_at`, which a transfer keeps for the call order: a customer served 20 minutes
and sent on read as waiting 20 minutes in the new queue, red at once.

Revision ID: b7e2c4a9d3f1
Revises: a1d3e5f7b9c2
Create Date: 2026-11-29 07:30:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'b7e2c4a9d3f1'
down_revision = 'a1d3e5f7b9c2'
branch_labels = None
depends_on = None


def upgrade():
    # Reviewed: existing tickets wait since their arrival (what the screens read until now), then NOT NULL.
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.add_column(sa.Column('waiting_since', sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE ticket SET waiting_since = arrival_at")
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.alter_column('waiting_since', existing_type=sa.DateTime(timezone=True), nullable=False)


def downgrade():
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.drop_column('waiting_since')
