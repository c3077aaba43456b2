"""user data version

Revision ID: 3c1f6a9d2b7e
Revises: ed7a954bfe23
Create Date: 2026-11-29 15:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3c1f6a9d2b7e'
down_revision = 'ed7a954bfe23'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('data_version', sa.String(length=16), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('data_version')
