"""calendar feed token and monthly choice

Revision ID: 5557fdec2543
Revises: dc175f70c0ba
Create Date: 2026-11-22 08:08:41.246538

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5557fdec2543'
down_revision = 'dc175f70c0ba'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('calendar_token_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('calendar_monthly', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.create_unique_constraint(batch_op.f('uq_user_account_calendar_token_hash'), ['calendar_token_hash'])



def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_user_account_calendar_token_hash'), type_='unique')
        batch_op.drop_column('calendar_monthly')
        batch_op.drop_column('calendar_token_hash')

