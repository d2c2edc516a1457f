"""users.locale: the interface language a learner chose

Revision ID: 5b1e7d3a9c02
Revises: 359558dccd23
Create Date: 2026-12-03 06:40:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '5b1e7d3a9c02'
down_revision = '359558dccd23'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('users') as batch:
        batch.add_column(sa.Column('locale', sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('users') as batch:
        batch.drop_column('locale')
