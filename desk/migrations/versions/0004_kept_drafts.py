"""kept drafts: what a coordinator typed when their session ended, until they sign in again

Revision ID: 0004_kept_drafts
Revises: 0003_jobs_scans
"""
from alembic import op
import sqlalchemy as sa


revision = '0004_kept_drafts'
down_revision = '0003_jobs_scans'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('kept_draft',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('fields', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['request_id'], ['help_request.id'], name=op.f('fk_kept_draft_request_id_help_request'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_kept_draft_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kept_draft')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_kept_draft_token_hash'))
    )
    with op.batch_alter_table('kept_draft', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kept_draft_request_id'), ['request_id'], unique=False)


def downgrade():
    with op.batch_alter_table('kept_draft', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kept_draft_request_id'))
    op.drop_table('kept_draft')
