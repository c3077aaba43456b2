"""indexes that fit the hot queries

Revision ID: 1f8d27e75e17
Revises: 3c1f6a9d2b7e
Create Date: 2026-11-29 20:19:35.519595

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '1f8d27e75e17'
down_revision = '3c1f6a9d2b7e'
branch_labels = None
depends_on = None


# (table, the one-column index replaced, the index in its place, its columns). Without
# statistics SQLite chose between an owner index and a year or goal index by their order in
# the schema, and read every year of the user when it chose the owner's.
REPLACED = (
    ('checkin', 'user_id', 'ix_checkin_user_id_year_id', ['user_id', 'year_id']),
    ('goal', 'user_id', 'ix_goal_user_id_year_id', ['user_id', 'year_id']),
    ('progress_update', 'goal_id', 'ix_progress_update_goal_id_on', ['goal_id', 'on']),
    ('reflection', 'user_id', 'ix_reflection_user_id_year_id', ['user_id', 'year_id']),
)


def upgrade():
    for table, column, index, columns in REPLACED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(index, columns, unique=False)
            batch_op.drop_index(batch_op.f(f'ix_{table}_{column}'))


def downgrade():
    for table, column, index, _ in reversed(REPLACED):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(batch_op.f(f'ix_{table}_{column}'), [column], unique=False)
            batch_op.drop_index(index)
