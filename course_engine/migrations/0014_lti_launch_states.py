"""lti launch states: pylti1p3's nonces, states and launch data between login and launch

Revision ID: 6d2f8a1c4e93
Revises: 9e4b2c7d1f35
Create Date: 2026-12-02 15:05:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '6d2f8a1c4e93'
down_revision = '9e4b2c7d1f35'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('lti_launch_states',
    sa.Column('key', sa.String(length=255), nullable=False),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_lti_launch_states'))
    )
    op.create_index(op.f('ix_lti_launch_states_expires_at'), 'lti_launch_states', ['expires_at'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_lti_launch_states_expires_at'), table_name='lti_launch_states')
    op.drop_table('lti_launch_states')
