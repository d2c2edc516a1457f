"""certificate issuer: the issuing organization and accrediting body, as named at issue

Revision ID: 4f0a9c2e7b15
Revises: 9d3c51a7e2b4
Create Date: 2026-12-02 13:30:00.000000
"""
import sqlalchemy as sa
from alembic import op


revision = '4f0a9c2e7b15'
down_revision = '9d3c51a7e2b4'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('certificates') as batch:
        batch.add_column(sa.Column('issuer', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('certificates') as batch:
        batch.drop_column('issuer')
