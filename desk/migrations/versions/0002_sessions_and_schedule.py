"""coordinator sessions on the server; records schedule fixes

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 01:20:00

- coordinator_session: one row per signed-in session, so that signing out, a
  password reset or a disabled account ends it on the server.
- Requests marked duplicate are on the records schedule too: those already marked
  start their retention clock now (when they were marked is not stored).
- Export events no longer keep the coordinator's search text: it is removed from
  the events already recorded (the append-only triggers are lifted for this one
  statement and put back).

"""
import json

from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('coordinator_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_coordinator_session_user_id_user'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coordinator_session')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_coordinator_session_token_hash'))
    )
    with op.batch_alter_table('coordinator_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_coordinator_session_user_id'), ['user_id'], unique=False)

    op.execute("UPDATE help_request SET closed_at = CURRENT_TIMESTAMP "
               "WHERE status = 'duplicate' AND closed_at IS NULL")
    _scrub_export_searches()


def _scrub_export_searches():
    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "SELECT id, detail FROM audit_event WHERE action = 'export' AND detail LIKE '%\"q\"%'")).fetchall()
    changed = []
    for row_id, detail in rows:
        data = json.loads(detail)
        filters = data.get("filters") or {}
        if "q" in filters:
            filters.pop("q")
            data["searched"] = True
            changed.append({"id": row_id, "detail": json.dumps(data, sort_keys=True)})
    if not changed:
        return
    dialect = bind.dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER audit_event_no_update")
    elif dialect == "postgresql":
        op.execute("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only")
    bind.execute(sa.text("UPDATE audit_event SET detail = :detail WHERE id = :id"), changed)
    if dialect == "sqlite":
        op.execute("CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event "
                   "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END")
    elif dialect == "postgresql":
        op.execute("ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only")


def downgrade():
    with op.batch_alter_table('coordinator_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_coordinator_session_user_id'))
    op.drop_table('coordinator_session')
