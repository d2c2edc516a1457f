"""rate limit counters: the embedded limit store, shared by every worker and instance

Revision ID: 5c8e1f3a9d27
Revises: 8b61d4e0c3a9
Create Date: 2026-12-02 14:05:00.000000
"""
import sqlalchemy as sa
from alembic import op


revision = '5c8e1f3a9d27'
down_revision = '8b61d4e0c3a9'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'rate_limit_counters',
        sa.Column('counter_key', sa.String(length=400), nullable=False),
        sa.Column('hits', sa.Integer(), nullable=False),
        sa.Column('expires_at', sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint('counter_key', name=op.f('pk_rate_limit_counters')),
    )
    op.create_index(
        op.f('ix_rate_limit_counters_expires_at'), 'rate_limit_counters', ['expires_at']
    )


def downgrade() -> None:
    op.drop_index(op.f('ix_rate_limit_counters_expires_at'), table_name='rate_limit_counters')
    op.drop_table('rate_limit_counters')
