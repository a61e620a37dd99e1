"""attention.customer_key: a «pending» attention's account or CI digest, so a ticket the same customer takes later
that day follows it up and P01 counts them once (core/tickets/follow_up.py)

Revision ID: c5e1a8d3f0b7
Revises: b7e3d9a2c4f1
Create Date: 2026-11-30 10:00:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c5e1a8d3f0b7'
down_revision = 'b7e3d9a2c4f1'
branch_labels = None
depends_on = None


def upgrade():
    # Reviewed: existing attentions get NULL (no reference was kept): they are never linked by reference.
    with op.batch_alter_table('attention', schema=None) as batch_op:
        batch_op.add_column(sa.Column('customer_key', sa.String(length=32), nullable=True))
        batch_op.create_index('ix_attention_day_customer', ['day', 'customer_key'], unique=False)


def downgrade():
    with op.batch_alter_table('attention', schema=None) as batch_op:
        batch_op.drop_index('ix_attention_day_customer')
        batch_op.drop_column('customer_key')
