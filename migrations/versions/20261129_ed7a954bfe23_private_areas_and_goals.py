"""private areas and goals

Revision ID: ed7a954bfe23
Revises: 5557fdec2543
Create Date: 2026-11-29 12:15:03.570276

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ed7a954bfe23'
down_revision = '5557fdec2543'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('area', schema=None) as batch_op:
        batch_op.add_column(sa.Column('private', sa.Boolean(), server_default=sa.false(), nullable=False))

    with op.batch_alter_table('goal', schema=None) as batch_op:
        batch_op.add_column(sa.Column('private', sa.Boolean(), server_default=sa.false(), nullable=False))



def downgrade():
    with op.batch_alter_table('goal', schema=None) as batch_op:
        batch_op.drop_column('private')

    with op.batch_alter_table('area', schema=None) as batch_op:
        batch_op.drop_column('private')

