"""credentials: the signed Open Badges credential of each certificate, and status lists

Revision ID: 8b61d4e0c3a9
Revises: 7b2e4d9c1a36
Create Date: 2026-12-02 13:45:00.000000
"""
import sqlalchemy as sa
from alembic import op


revision = '8b61d4e0c3a9'
down_revision = '7b2e4d9c1a36'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('certificates') as batch:
        batch.add_column(sa.Column('credential', sa.JSON(), nullable=True))
    op.create_table(
        'status_lists',
        sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('purpose', sa.String(length=20), nullable=False),
        sa.Column('bits', sa.LargeBinary(), nullable=False),
        sa.Column('credential', sa.JSON(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_status_lists')),
    )


def downgrade() -> None:
    op.drop_table('status_lists')
    with op.batch_alter_table('certificates') as batch:
        batch.drop_column('credential')
