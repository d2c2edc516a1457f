"""lti platforms: LMSs registered to launch the course, and launch nonces already used

Revision ID: 9e4b2c7d1f35
Revises: 3e9b7c2d4f18
Create Date: 2026-12-02 14:45:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '9e4b2c7d1f35'
down_revision = '3e9b7c2d4f18'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('lti_platforms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('issuer', sa.String(length=500), nullable=False),
    sa.Column('client_id', sa.String(length=255), nullable=False),
    sa.Column('deployment_ids', sa.JSON(), nullable=False),
    sa.Column('auth_login_url', sa.String(length=500), nullable=False),
    sa.Column('auth_token_url', sa.String(length=500), nullable=False),
    sa.Column('key_set_url', sa.String(length=500), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=True),
    sa.Column('cohort_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'], name=op.f('fk_lti_platforms_cohort_id_cohorts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_lti_platforms_organization_id_organizations'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lti_platforms')),
    sa.UniqueConstraint('issuer', 'client_id', name=op.f('uq_lti_platforms_issuer'))
    )
    op.create_table('lti_launch_nonces',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('issuer', sa.String(length=500), nullable=False),
    sa.Column('nonce', sa.String(length=255), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lti_launch_nonces')),
    sa.UniqueConstraint('issuer', 'nonce', name=op.f('uq_lti_launch_nonces_issuer'))
    )
    op.create_index(op.f('ix_lti_launch_nonces_used_at'), 'lti_launch_nonces', ['used_at'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_lti_launch_nonces_used_at'), table_name='lti_launch_nonces')
    op.drop_table('lti_launch_nonces')
    op.drop_table('lti_platforms')
