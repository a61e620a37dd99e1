"""import batch for every import kind

Revision ID: 0b1e72c7d989
Revises: ad291d7ccda9
Create Date: 2026-11-27 01:45:59.423794

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0b1e72c7d989'
down_revision = 'ad291d7ccda9'
branch_labels = None
depends_on = None

COMMON = ('id', 'kind', 'filename', 'rows', 'created', 'updated', 'unchanged', 'user_id', 'actor_name', 'at')
CHILDREN = ('top10_cancellation', 'top10_damage_report')


def _table(name, *extra):
    return sa.table(name, *(sa.column(column) for column in (*COMMON, *extra)))


def _create(name, *extra):
    """A batch table: the columns both versions have, then `extra`."""
    op.create_table(name,
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.Column('created', sa.Integer(), nullable=False),
    sa.Column('updated', sa.Integer(), nullable=False),
    sa.Column('unchanged', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('actor_name', sa.String(length=120), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    *extra,
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f(f'fk_{name}_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{name}'))
    )


def _restart_id_sequence(table):
    """PostgreSQL: rows were copied with their ids, so the serial must continue after the largest one."""
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                   f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)")


def _point_children_at(old, new):
    for child in CHILDREN:
        with op.batch_alter_table(child, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f'fk_{child}_batch_id_{old}'), type_='foreignkey')
            batch_op.create_foreign_key(batch_op.f(f'fk_{child}_batch_id_{new}'), new, ['batch_id'], ['id'])


def upgrade():
    # Reviewed: the Top 10 batch table becomes the history of every import (accounts too), with the status and
    # progress of background imports and the row errors of rejected files. Its rows move over with their ids,
    # so the reports' and cancellations' batch_id keep pointing at the same batch.
    _create('import_batch',
            sa.Column('status', sa.String(length=10), nullable=False),
            sa.Column('rows_read', sa.Integer(), nullable=False),
            sa.Column('errors', sa.JSON(), nullable=True),
            sa.Column('message', sa.Text(), nullable=False),
            sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('import_batch', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_batch_kind'), ['kind'], unique=False)

    old = _table('top10_import_batch')
    op.execute(_table('import_batch', 'status', 'rows_read', 'message', 'finished_at').insert().from_select(
        [*COMMON, 'status', 'rows_read', 'message', 'finished_at'],
        sa.select(*(old.c[column] for column in COMMON), sa.literal('done'), old.c.rows, sa.literal(''), old.c.at)))
    _restart_id_sequence('import_batch')
    _point_children_at('top10_import_batch', 'import_batch')
    op.drop_table('top10_import_batch')


def downgrade():
    # Only the accepted Top 10 batches go back (the only ones reports point at); the account import history
    # and the row errors are dropped.
    _create('top10_import_batch')
    new = _table('import_batch', 'status')
    op.execute(_table('top10_import_batch').insert().from_select(
        list(COMMON), sa.select(*(new.c[column] for column in COMMON))
        .where(new.c.kind.in_(['damage_reports', 'cancellations']), new.c.status == 'done')))
    _restart_id_sequence('top10_import_batch')
    _point_children_at('import_batch', 'top10_import_batch')
    with op.batch_alter_table('import_batch', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_batch_kind'))
    op.drop_table('import_batch')
