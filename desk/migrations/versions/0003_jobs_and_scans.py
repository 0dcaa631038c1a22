"""jobs and scans: the job queue's rows, the workers seen, scans of reported pages,
and the criteria a coordinator records on a request

Revision ID: 0003_jobs_scans
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa


revision = '0003_jobs_scans'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('job',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=True),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('max_attempts', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('run_after', sa.DateTime(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.Column('started_at', sa.DateTime(), nullable=True),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('lease_owner', sa.String(length=100), nullable=True),
    sa.Column('lease_expires', sa.DateTime(), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['request_id'], ['help_request.id'], name=op.f('fk_job_request_id_help_request'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job'))
    )
    with op.batch_alter_table('job', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_job_request_id'), ['request_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_job_state'), ['state'], unique=False)

    op.create_table('queue_worker',
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('last_seen', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_queue_worker'))
    )
    op.create_table('scan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('job_id', sa.Integer(), nullable=True),
    sa.Column('url', sa.String(length=2048), nullable=False),
    sa.Column('standard', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=True),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('failing_elements', sa.Integer(), nullable=False),
    sa.Column('criteria', sa.String(length=500), nullable=False),
    sa.Column('compared_to_id', sa.Integer(), nullable=True),
    sa.Column('results_json', sa.Text(), nullable=False),
    sa.Column('report_html', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['request_id'], ['help_request.id'], name=op.f('fk_scan_request_id_help_request'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scan'))
    )
    with op.batch_alter_table('scan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scan_job_id'), ['job_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_scan_request_id'), ['request_id'], unique=False)

    with op.batch_alter_table('help_request', schema=None) as batch_op:
        batch_op.add_column(sa.Column('criteria', sa.String(length=500), nullable=False, server_default=''))


def downgrade():
    with op.batch_alter_table('help_request', schema=None) as batch_op:
        batch_op.drop_column('criteria')
    with op.batch_alter_table('scan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scan_request_id'))
        batch_op.drop_index(batch_op.f('ix_scan_job_id'))
    op.drop_table('scan')
    op.drop_table('queue_worker')
    with op.batch_alter_table('job', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_job_state'))
        batch_op.drop_index(batch_op.f('ix_job_request_id'))
    op.drop_table('job')
