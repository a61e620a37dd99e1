"""config change log: who changed which configuration, when, old → new (Administración → Auditoría)

Revision ID: b7e3d9a2c4f1
Revises: b7e2c4a9d3f1
Create Date: 2026-11-29 08:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7e3d9a2c4f1'
down_revision = 'b7e2c4a9d3f1'
branch_labels = None
depends_on = None


def upgrade():
    # Reviewed: a new table; changes made before it were never recorded, so nothing to backfill.
    op.create_table('config_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_kind', sa.String(length=16), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_name', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('action', sa.String(length=24), nullable=False),
    sa.Column('object_code', sa.String(length=64), nullable=False),
    sa.Column('object_name', sa.String(length=200), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_config_change'))
    )
    op.create_index('ix_config_change_at', 'config_change', ['at'], unique=False)
    op.create_index('ix_config_change_kind_at', 'config_change', ['kind', 'at'], unique=False)


def downgrade():
    # Reviewed: drops the change log; run only to undo this release.
    op.drop_index('ix_config_change_kind_at', table_name='config_change')
    op.drop_index('ix_config_change_at', table_name='config_change')
    op.drop_table('config_change')
