"""registration_requests (a registration waits for its address to be confirmed);
users.email_skeleton (TR39 skeleton of email_key, filled for existing accounts)

Revision ID: 8d2c4e6f1a37
Revises: 5b1e7d3a9c02
Create Date: 2026-12-03 07:00:00.000000
"""
from alembic import op
import sqlalchemy as sa

from course_engine.lookalikes import address_skeleton


revision = '8d2c4e6f1a37'
down_revision = '5b1e7d3a9c02'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('registration_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('email_key', sa.String(length=254), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=40), nullable=False),
    sa.Column('organization_kind', sa.String(length=40), nullable=False),
    sa.Column('organization_name', sa.String(length=200), nullable=False),
    sa.Column('state', sa.String(length=2), nullable=False),
    sa.Column('invite_code', sa.String(length=64), nullable=False),
    sa.Column('next_url', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registration_requests')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_registration_requests_token_hash'))
    )
    op.create_index(op.f('ix_registration_requests_email_key'), 'registration_requests', ['email_key'], unique=False)
    op.create_index(op.f('ix_registration_requests_expires_at'), 'registration_requests', ['expires_at'], unique=False)
    with op.batch_alter_table('users') as batch:
        batch.add_column(sa.Column('email_skeleton', sa.String(length=254), nullable=True))
        batch.create_index(batch.f('ix_users_email_skeleton'), ['email_skeleton'], unique=False)
    users = sa.table('users', sa.column('id', sa.Integer), sa.column('email_key', sa.String),
                     sa.column('email_skeleton', sa.String))
    connection = op.get_bind()
    for row in connection.execute(sa.select(users.c.id, users.c.email_key)).all():
        connection.execute(users.update().where(users.c.id == row.id)
                           .values(email_skeleton=address_skeleton(row.email_key)[:254]))


def downgrade() -> None:
    with op.batch_alter_table('users') as batch:
        batch.drop_index(batch.f('ix_users_email_skeleton'))
        batch.drop_column('email_skeleton')
    op.drop_index(op.f('ix_registration_requests_expires_at'), table_name='registration_requests')
    op.drop_index(op.f('ix_registration_requests_email_key'), table_name='registration_requests')
    op.drop_table('registration_requests')
