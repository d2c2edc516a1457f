"""attempt drafts: answers saved at the review step, and the review page's one-time token

Revision ID: c3a8f1d25e70
Revises: 4a14b635fae5
Create Date: 2026-12-02 13:45:00.000000
"""
import sqlalchemy as sa
from alembic import op


revision = 'c3a8f1d25e70'
down_revision = '4a14b635fae5'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('quiz_attempts') as batch:
        batch.add_column(sa.Column('draft', sa.JSON(), nullable=True))
        batch.add_column(sa.Column('review_token', sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('quiz_attempts') as batch:
        batch.drop_column('review_token')
        batch.drop_column('draft')
