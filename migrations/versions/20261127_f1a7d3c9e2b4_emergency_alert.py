"""emergency alert: «Emergencia» raised from a desk console, until a supervisor acknowledges it (issue 11)

Revision ID: f1a7d3c9e2b4
Revises: e4b8c2d17a90
Create Date: 2026-11-27 07:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f1a7d3c9e2b4'
down_revision = 'e4b8c2d17a90'
branch_labels = None
depends_on = None


def upgrade():
    # Reviewed: a new table; nothing to backfill.
    op.create_table('emergency_alert',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('desk_id', sa.Integer(), nullable=False),
    sa.Column('agent_id', sa.Integer(), nullable=True),
    sa.Column('agent_name', sa.String(length=120), nullable=False),
    sa.Column('raised_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('acknowledged_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('acknowledged_by', sa.String(length=120), nullable=False),
    sa.ForeignKeyConstraint(['agent_id'], ['user.id'], name=op.f('fk_emergency_alert_agent_id_user')),
    sa.ForeignKeyConstraint(['desk_id'], ['desk.id'], name=op.f('fk_emergency_alert_desk_id_desk')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_emergency_alert'))
    )


def downgrade():
    # Reviewed: drops the alerts' record; run only to undo this release.
    op.drop_table('emergency_alert')
