"""attention and P01 answer: every customer attended at the entrance (info, locate, ticket) and their answer

Revision ID: e4a7c2b9d1f3
Revises: 9a9d1d5e4f57
Create Date: 2026-11-27 07:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e4a7c2b9d1f3'
down_revision = '9a9d1d5e4f57'
branch_labels = None
depends_on = None


def upgrade():
    # Reviewed: two new tables. Tickets issued before this revision get no attention row (their public token
    # cannot be made up in SQL without being guessable): P01 counts attentions from this deploy on.
    op.create_table('attention',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('channel', sa.String(length=12), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('node_code', sa.String(length=48), nullable=False),
    sa.Column('topic', sa.String(length=160), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=True),
    sa.Column('actor_kind', sa.String(length=8), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_name', sa.String(length=120), nullable=False),
    sa.Column('token', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], name=op.f('fk_attention_ticket_id_ticket')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attention')),
    sa.UniqueConstraint('ticket_id', name=op.f('uq_attention_ticket_id')),
    sa.UniqueConstraint('token', name=op.f('uq_attention_token'))
    )
    with op.batch_alter_table('attention', schema=None) as batch_op:
        batch_op.create_index('ix_attention_at', ['at'], unique=False)

    op.create_table('info_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('attention_id', sa.Integer(), nullable=False),
    sa.Column('satisfied', sa.Boolean(), nullable=False),
    sa.Column('source', sa.String(length=12), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['attention_id'], ['attention.id'], name=op.f('fk_info_answer_attention_id_attention')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_info_answer')),
    sa.UniqueConstraint('attention_id', name='uq_info_answer_attention')
    )


def downgrade():
    # Reviewed: drops the attentions and P01 answers recorded since the upgrade.
    op.drop_table('info_answer')
    with op.batch_alter_table('attention', schema=None) as batch_op:
        batch_op.drop_index('ix_attention_at')
    op.drop_table('attention')
