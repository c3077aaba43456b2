"""carried copies of private goals are private

Carrying a goal into the next year copied it without its private flag, so the copy
showed in that year's post and under "Looking ahead" in the year before. The app now
keeps the flag; this makes every copy of a private goal private again, along a chain
of years, and gives each owner a new data version so that no cached page or chart
goes on showing the copy as public.

Revision ID: b64e0c2f9a71
Revises: 1f8d27e75e17
Create Date: 2026-12-03 16:45:00.000000

"""
import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b64e0c2f9a71'
down_revision = '1f8d27e75e17'
branch_labels = None
depends_on = None

goal = sa.table(
    "goal",
    sa.column("id", sa.Integer),
    sa.column("user_id", sa.Integer),
    sa.column("carried_from_id", sa.Integer),
    sa.column("private", sa.Boolean),
)
user_account = sa.table(
    "user_account", sa.column("id", sa.Integer), sa.column("data_version", sa.String)
)


def upgrade():
    connection = op.get_bind()
    source = goal.alias("source")
    owners = set()
    while True:  # one step along the chain of carried copies each time
        rows = connection.execute(
            sa.select(goal.c.id, goal.c.user_id)
            .join(source, source.c.id == goal.c.carried_from_id)
            .where(source.c.private == sa.true(), goal.c.private == sa.false())
        ).all()
        if not rows:
            break
        connection.execute(
            goal.update().where(goal.c.id.in_([row.id for row in rows])).values(private=True)
        )
        owners.update(row.user_id for row in rows)
    for owner in sorted(owners):
        connection.execute(
            user_account.update().where(user_account.c.id == owner)
            .values(data_version=secrets.token_hex(8))
        )


def downgrade():
    # Which copies were public before cannot be told apart: they stay private.
    pass
