"""panel health: the last report of each waiting-room panel, for the admin monitor

Revision ID: 9a9d1d5e4f57
Revises: c3d9a1f0e5b2
Create Date: 2026-11-27 04:50:11.698587

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9a9d1d5e4f57'
down_revision = 'c3d9a1f0e5b2'
branch_labels = None
depends_on = None


def upgrade():
    # Reviewed: a new table, one row per panel device, overwritten by each report; nothing to backfill.
    op.create_table('panel_health',
    sa.Column('device_id', sa.Integer(), nullable=False),
    sa.Column('connected', sa.Boolean(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=True),
    sa.Column('audio', sa.String(length=8), nullable=False),
    sa.Column('version', sa.String(length=40), nullable=False),
    sa.Column('reported_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['device_id'], ['device.id'], name=op.f('fk_panel_health_device_id_device'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('device_id', name=op.f('pk_panel_health'))
    )


def downgrade():
    # Reviewed: the reports are live state only; dropping them loses nothing kept.
    op.drop_table('panel_health')
