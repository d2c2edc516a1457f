"""email preferences: reminders on or off per user (no row: on)

Revision ID: 3e7a2c9d5b41
Revises: 6d2f8a1c4e93
Create Date: 2026-12-02 14:35:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '3e7a2c9d5b41'
down_revision = '6d2f8a1c4e93'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('email_preferences',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('reminders', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_email_preferences_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_email_preferences'))
    )


def downgrade() -> None:
    op.drop_table('email_preferences')
