"""initial schema

Revision ID: d548f23b8a45
Revises: 
Create Date: 2026-11-22 16:10:24.643019

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd548f23b8a45'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    # Reviewed: the one initial migration of the schema (SQLite and PostgreSQL).
    op.create_table('account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=32), nullable=False),
    sa.Column('ci', sa.String(length=20), nullable=False),
    sa.Column('holder_name', sa.String(length=160), nullable=False),
    sa.Column('debt_amount', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('pending_requirements', sa.Text(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('is_demo', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account')),
    sa.UniqueConstraint('number', name=op.f('uq_account_number'))
    )
    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_account_ci'), ['ci'], unique=False)

    op.create_table('branch',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_branch')),
    sa.UniqueConstraint('code', name=op.f('uq_branch_code'))
    )
    op.create_table('printer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('config', sa.JSON(), nullable=False),
    sa.Column('reception_default', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('is_demo', sa.Boolean(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('last_error_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_success_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_checked_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_printer')),
    sa.UniqueConstraint('code', name=op.f('uq_printer_code'))
    )
    op.create_table('room_sequence',
    sa.Column('room', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('room', name=op.f('pk_room_sequence'))
    )
    op.create_table('setting',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_setting'))
    )
    op.create_table('user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('full_name', sa.String(length=120), nullable=False),
    sa.Column('password_hash', sa.String(length=256), nullable=False),
    sa.Column('roles_csv', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('is_demo', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user')),
    sa.UniqueConstraint('username', name=op.f('uq_user_username'))
    )
    op.create_table('api_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_api_token_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_token')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_token_token_hash'))
    )
    op.create_table('print_job',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('printer_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('reference', sa.String(length=64), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('printed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by', sa.String(length=120), nullable=False),
    sa.Column('reprint_of_id', sa.Integer(), nullable=True),
    sa.Column('output', sa.LargeBinary(), nullable=True),
    sa.ForeignKeyConstraint(['printer_id'], ['printer.id'], name=op.f('fk_print_job_printer_id_printer')),
    sa.ForeignKeyConstraint(['reprint_of_id'], ['print_job.id'], name=op.f('fk_print_job_reprint_of_id_print_job')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_print_job'))
    )
    with op.batch_alter_table('print_job', schema=None) as batch_op:
        batch_op.create_index('ix_print_job_due', ['status', 'next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_print_job_printer_id'), ['printer_id'], unique=False)

    op.create_table('top10_case',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('week', sa.String(length=8), nullable=False),
    sa.Column('customer_code', sa.String(length=40), nullable=False),
    sa.Column('customer_name', sa.String(length=160), nullable=False),
    sa.Column('segment', sa.String(length=60), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('repeat_count', sa.Integer(), nullable=False),
    sa.Column('report_numbers', sa.Text(), nullable=False),
    sa.Column('last_report_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('assigned_role', sa.String(length=20), nullable=False),
    sa.Column('assigned_user_id', sa.Integer(), nullable=True),
    sa.Column('distribution', sa.String(length=20), nullable=False),
    sa.Column('management', sa.String(length=20), nullable=False),
    sa.Column('satisfied', sa.Boolean(), nullable=True),
    sa.Column('priority', sa.Boolean(), nullable=False),
    sa.Column('visit_mode', sa.String(length=20), nullable=False),
    sa.Column('visit_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('work_order', sa.String(length=40), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('is_demo', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['assigned_user_id'], ['user.id'], name=op.f('fk_top10_case_assigned_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_top10_case')),
    sa.UniqueConstraint('week', 'customer_code', name='uq_top10_case_week_customer')
    )
    with op.batch_alter_table('top10_case', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_top10_case_customer_code'), ['customer_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_top10_case_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_top10_case_week'), ['week'], unique=False)

    op.create_table('top10_import_batch',
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
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_top10_import_batch_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_top10_import_batch'))
    )
    op.create_table('waiting_area',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('branch_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('directions', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['branch_id'], ['branch.id'], name=op.f('fk_waiting_area_branch_id_branch')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_waiting_area')),
    sa.UniqueConstraint('branch_id', 'code', name=op.f('uq_waiting_area_branch_id'))
    )
    op.create_table('announcement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['waiting_area.id'], name=op.f('fk_announcement_area_id_waiting_area')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_announcement'))
    )
    op.create_table('desk',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('branch_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=24), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('spoken_name', sa.String(length=120), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('current_ticket_id', sa.Integer(), nullable=True),
    sa.Column('pref_streak', sa.Integer(), nullable=False),
    sa.Column('agent_id', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['agent_id'], ['user.id'], name=op.f('fk_desk_agent_id_user')),
    sa.ForeignKeyConstraint(['area_id'], ['waiting_area.id'], name=op.f('fk_desk_area_id_waiting_area')),
    sa.ForeignKeyConstraint(['branch_id'], ['branch.id'], name=op.f('fk_desk_branch_id_branch')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_desk')),
    sa.UniqueConstraint('branch_id', 'code', name=op.f('uq_desk_branch_id'))
    )
    op.create_table('queue',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('branch_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=24), nullable=False),
    sa.Column('prefix', sa.String(length=3), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('sla_minutes', sa.Integer(), nullable=False),
    sa.Column('default_service_minutes', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['waiting_area.id'], name=op.f('fk_queue_area_id_waiting_area')),
    sa.ForeignKeyConstraint(['branch_id'], ['branch.id'], name=op.f('fk_queue_branch_id_branch')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_queue')),
    sa.UniqueConstraint('branch_id', 'code', name='uq_queue_branch_id_code'),
    sa.UniqueConstraint('branch_id', 'prefix', name='uq_queue_branch_id_prefix')
    )
    op.create_table('top10_action',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('step', sa.Integer(), nullable=False),
    sa.Column('substep', sa.String(length=8), nullable=False),
    sa.Column('action', sa.String(length=30), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('from_status', sa.String(length=20), nullable=False),
    sa.Column('to_status', sa.String(length=20), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('actor_name', sa.String(length=120), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['top10_case.id'], name=op.f('fk_top10_action_case_id_top10_case')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_top10_action_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_top10_action'))
    )
    with op.batch_alter_table('top10_action', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_top10_action_case_id'), ['case_id'], unique=False)

    op.create_table('top10_cancellation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('customer_code', sa.String(length=40), nullable=False),
    sa.Column('product', sa.String(length=60), nullable=False),
    sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=True),
    sa.Column('is_demo', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['top10_import_batch.id'], name=op.f('fk_top10_cancellation_batch_id_top10_import_batch')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_top10_cancellation')),
    sa.UniqueConstraint('number', name=op.f('uq_top10_cancellation_number'))
    )
    with op.batch_alter_table('top10_cancellation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_top10_cancellation_cancelled_at'), ['cancelled_at'], unique=False)

    op.create_table('top10_damage_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('customer_code', sa.String(length=40), nullable=False),
    sa.Column('customer_name', sa.String(length=160), nullable=False),
    sa.Column('segment', sa.String(length=60), nullable=False),
    sa.Column('product', sa.String(length=60), nullable=False),
    sa.Column('reported_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('work_order', sa.String(length=40), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=True),
    sa.Column('is_demo', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['top10_import_batch.id'], name=op.f('fk_top10_damage_report_batch_id_top10_import_batch')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_top10_damage_report')),
    sa.UniqueConstraint('number', name=op.f('uq_top10_damage_report_number'))
    )
    with op.batch_alter_table('top10_damage_report', schema=None) as batch_op:
        batch_op.create_index('ix_top10_damage_customer_time', ['customer_code', 'reported_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_top10_damage_report_reported_at'), ['reported_at'], unique=False)

    op.create_table('catalogue_node',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=48), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('label', sa.String(length=160), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('requirements', sa.Text(), nullable=False),
    sa.Column('queue_id', sa.Integer(), nullable=True),
    sa.Column('desk_id', sa.Integer(), nullable=True),
    sa.Column('needs_account_check', sa.Boolean(), nullable=False),
    sa.Column('unit', sa.String(length=120), nullable=False),
    sa.Column('floor', sa.String(length=60), nullable=False),
    sa.Column('location', sa.String(length=200), nullable=False),
    sa.Column('keywords', sa.String(length=300), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('is_demo', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['desk_id'], ['desk.id'], name=op.f('fk_catalogue_node_desk_id_desk')),
    sa.ForeignKeyConstraint(['parent_id'], ['catalogue_node.id'], name=op.f('fk_catalogue_node_parent_id_catalogue_node')),
    sa.ForeignKeyConstraint(['queue_id'], ['queue.id'], name=op.f('fk_catalogue_node_queue_id_queue')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_catalogue_node')),
    sa.UniqueConstraint('code', name=op.f('uq_catalogue_node_code'))
    )
    op.create_table('daily_counter',
    sa.Column('branch_id', sa.Integer(), nullable=False),
    sa.Column('queue_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['branch_id'], ['branch.id'], name=op.f('fk_daily_counter_branch_id_branch')),
    sa.ForeignKeyConstraint(['queue_id'], ['queue.id'], name=op.f('fk_daily_counter_queue_id_queue')),
    sa.PrimaryKeyConstraint('branch_id', 'queue_id', 'day', name=op.f('pk_daily_counter'))
    )
    op.create_table('desk_queue',
    sa.Column('desk_id', sa.Integer(), nullable=False),
    sa.Column('queue_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['desk_id'], ['desk.id'], name=op.f('fk_desk_queue_desk_id_desk')),
    sa.ForeignKeyConstraint(['queue_id'], ['queue.id'], name=op.f('fk_desk_queue_queue_id_queue')),
    sa.PrimaryKeyConstraint('desk_id', 'queue_id', name=op.f('pk_desk_queue'))
    )
    op.create_table('device',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=True),
    sa.Column('desk_id', sa.Integer(), nullable=True),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['area_id'], ['waiting_area.id'], name=op.f('fk_device_area_id_waiting_area')),
    sa.ForeignKeyConstraint(['desk_id'], ['desk.id'], name=op.f('fk_device_desk_id_desk')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_device')),
    sa.UniqueConstraint('name', name=op.f('uq_device_name')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_device_token_hash'))
    )
    op.create_table('ticket',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('branch_id', sa.Integer(), nullable=False),
    sa.Column('origin_queue_id', sa.Integer(), nullable=False),
    sa.Column('queue_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('prefix', sa.String(length=3), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('transaction_code', sa.String(length=48), nullable=False),
    sa.Column('transaction_label', sa.String(length=160), nullable=False),
    sa.Column('preferential', sa.String(length=16), nullable=True),
    sa.Column('account_ref', sa.String(length=32), nullable=True),
    sa.Column('verification', sa.String(length=24), nullable=False),
    sa.Column('verification_note', sa.Text(), nullable=False),
    sa.Column('desk_id', sa.Integer(), nullable=True),
    sa.Column('target_desk_id', sa.Integer(), nullable=True),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('arrival_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('called_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_called_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('outcome', sa.String(length=200), nullable=False),
    sa.Column('recalls', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=12), nullable=False),
    sa.Column('token', sa.String(length=48), nullable=False),
    sa.Column('idempotency_key', sa.String(length=80), nullable=True),
    sa.ForeignKeyConstraint(['branch_id'], ['branch.id'], name=op.f('fk_ticket_branch_id_branch')),
    sa.ForeignKeyConstraint(['desk_id'], ['desk.id'], name=op.f('fk_ticket_desk_id_desk')),
    sa.ForeignKeyConstraint(['origin_queue_id'], ['queue.id'], name=op.f('fk_ticket_origin_queue_id_queue')),
    sa.ForeignKeyConstraint(['queue_id'], ['queue.id'], name=op.f('fk_ticket_queue_id_queue')),
    sa.ForeignKeyConstraint(['target_desk_id'], ['desk.id'], name=op.f('fk_ticket_target_desk_id_desk')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ticket')),
    sa.UniqueConstraint('branch_id', 'origin_queue_id', 'day', 'number', name='uq_ticket_number'),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_ticket_idempotency_key')),
    sa.UniqueConstraint('token', name=op.f('uq_ticket_token'))
    )
    # desk.current_ticket_id ↔ ticket.desk_id is a cycle: the desk's foreign key comes once both tables exist
    # (batch mode, so SQLite rebuilds the table where PostgreSQL runs ALTER TABLE).
    with op.batch_alter_table('desk', schema=None) as batch_op:
        batch_op.create_foreign_key('fk_desk_current_ticket', 'ticket', ['current_ticket_id'], ['id'])

    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.create_index('ix_ticket_day', ['branch_id', 'day'], unique=False)
        batch_op.create_index('ix_ticket_waiting', ['status', 'queue_id', 'arrival_at'], unique=False)

    op.create_table('printer_binding',
    sa.Column('device_id', sa.Integer(), nullable=False),
    sa.Column('printer_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['device_id'], ['device.id'], name=op.f('fk_printer_binding_device_id_device')),
    sa.ForeignKeyConstraint(['printer_id'], ['printer.id'], name=op.f('fk_printer_binding_printer_id_printer')),
    sa.PrimaryKeyConstraint('device_id', name=op.f('pk_printer_binding'))
    )
    with op.batch_alter_table('printer_binding', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_printer_binding_printer_id'), ['printer_id'], unique=False)

    op.create_table('survey_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('desk_id', sa.Integer(), nullable=True),
    sa.Column('satisfied', sa.Boolean(), nullable=False),
    sa.Column('score', sa.Integer(), nullable=True),
    sa.Column('source', sa.String(length=12), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['desk_id'], ['desk.id'], name=op.f('fk_survey_answer_desk_id_desk')),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], name=op.f('fk_survey_answer_ticket_id_ticket')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_answer')),
    sa.UniqueConstraint('ticket_id', name='uq_survey_ticket')
    )
    op.create_table('ticket_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('action', sa.String(length=24), nullable=False),
    sa.Column('from_status', sa.String(length=12), nullable=True),
    sa.Column('to_status', sa.String(length=12), nullable=False),
    sa.Column('from_queue_id', sa.Integer(), nullable=True),
    sa.Column('to_queue_id', sa.Integer(), nullable=True),
    sa.Column('desk_id', sa.Integer(), nullable=True),
    sa.Column('actor_kind', sa.String(length=8), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_name', sa.String(length=120), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['desk_id'], ['desk.id'], name=op.f('fk_ticket_event_desk_id_desk')),
    sa.ForeignKeyConstraint(['from_queue_id'], ['queue.id'], name=op.f('fk_ticket_event_from_queue_id_queue')),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], name=op.f('fk_ticket_event_ticket_id_ticket')),
    sa.ForeignKeyConstraint(['to_queue_id'], ['queue.id'], name=op.f('fk_ticket_event_to_queue_id_queue')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ticket_event'))
    )
    with op.batch_alter_table('ticket_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ticket_event_ticket_id'), ['ticket_id'], unique=False)




def downgrade():
    # Reviewed: the one initial migration of the schema (SQLite and PostgreSQL).
    with op.batch_alter_table('desk', schema=None) as batch_op:
        batch_op.drop_constraint('fk_desk_current_ticket', type_='foreignkey')
    with op.batch_alter_table('ticket_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ticket_event_ticket_id'))

    op.drop_table('ticket_event')
    op.drop_table('survey_answer')
    with op.batch_alter_table('printer_binding', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_printer_binding_printer_id'))

    op.drop_table('printer_binding')
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.drop_index('ix_ticket_waiting')
        batch_op.drop_index('ix_ticket_day')

    op.drop_table('ticket')
    op.drop_table('device')
    op.drop_table('desk_queue')
    op.drop_table('daily_counter')
    op.drop_table('catalogue_node')
    with op.batch_alter_table('top10_damage_report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_top10_damage_report_reported_at'))
        batch_op.drop_index('ix_top10_damage_customer_time')

    op.drop_table('top10_damage_report')
    with op.batch_alter_table('top10_cancellation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_top10_cancellation_cancelled_at'))

    op.drop_table('top10_cancellation')
    with op.batch_alter_table('top10_action', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_top10_action_case_id'))

    op.drop_table('top10_action')
    op.drop_table('queue')
    op.drop_table('desk')
    op.drop_table('announcement')
    op.drop_table('waiting_area')
    op.drop_table('top10_import_batch')
    with op.batch_alter_table('top10_case', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_top10_case_week'))
        batch_op.drop_index(batch_op.f('ix_top10_case_status'))
        batch_op.drop_index(batch_op.f('ix_top10_case_customer_code'))

    op.drop_table('top10_case')
    with op.batch_alter_table('print_job', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_print_job_printer_id'))
        batch_op.drop_index('ix_print_job_due')

    op.drop_table('print_job')
    op.drop_table('api_token')
    op.drop_table('user')
    op.drop_table('setting')
    op.drop_table('room_sequence')
    op.drop_table('printer')
    op.drop_table('branch')
    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_account_ci'))

    op.drop_table('account')

