"""areas, years, reflections, goals, plan revisions and attempts

Revision ID: 20b1d025af10
Revises: 84e19e473072
Create Date: 2026-11-22 06:43:11.256955

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '20b1d025af10'
down_revision = '84e19e473072'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('area',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('color', sa.String(length=16), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('archived', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_area_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_area')),
    sa.UniqueConstraint('user_id', 'name', name=op.f('uq_area_user_id_name'))
    )
    with op.batch_alter_table('area', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_area_user_id'), ['user_id'], unique=False)

    op.create_table('journal_year',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_journal_year_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_journal_year')),
    sa.UniqueConstraint('user_id', 'number', name=op.f('uq_journal_year_user_id_number'))
    )
    with op.batch_alter_table('journal_year', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_journal_year_user_id'), ['user_id'], unique=False)

    op.create_table('goal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('year_id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('carried_from_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('why', sa.Text(), nullable=False),
    sa.Column('topics', sa.JSON(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('unit', sa.String(length=40), nullable=False),
    sa.Column('baseline', sa.Float(), nullable=False),
    sa.Column('cadence', sa.String(length=8), nullable=True),
    sa.Column('allowed_skips', sa.Integer(), nullable=False),
    sa.Column('direction', sa.String(length=8), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('status_reason', sa.Text(), nullable=False),
    sa.Column('status_changed_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], name=op.f('fk_goal_area_id_area')),
    sa.ForeignKeyConstraint(['carried_from_id'], ['goal.id'], name=op.f('fk_goal_carried_from_id_goal'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_goal_user_id_user_account'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['year_id'], ['journal_year.id'], name=op.f('fk_goal_year_id_journal_year'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_goal'))
    )
    with op.batch_alter_table('goal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_goal_area_id'), ['area_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_goal_carried_from_id'), ['carried_from_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_goal_user_id'), ['user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_goal_year_id'), ['year_id'], unique=False)

    op.create_table('reflection',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('year_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('tldr', sa.String(length=280), nullable=False),
    sa.Column('what_happened', sa.Text(), nullable=False),
    sa.Column('successes', sa.Text(), nullable=False),
    sa.Column('did_not_work', sa.Text(), nullable=False),
    sa.Column('learned', sa.Text(), nullable=False),
    sa.Column('changes', sa.Text(), nullable=False),
    sa.Column('theme', sa.String(length=80), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_reflection_user_id_user_account'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['year_id'], ['journal_year.id'], name=op.f('fk_reflection_year_id_journal_year'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reflection')),
    sa.UniqueConstraint('year_id', 'kind', name=op.f('uq_reflection_year_id_kind'))
    )
    with op.batch_alter_table('reflection', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reflection_user_id'), ['user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reflection_year_id'), ['year_id'], unique=False)

    op.create_table('attempt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('goal_id', sa.Integer(), nullable=False),
    sa.Column('attempted_on', sa.Date(), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['goal_id'], ['goal.id'], name=op.f('fk_attempt_goal_id_goal'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_attempt_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attempt'))
    )
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attempt_goal_id'), ['goal_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attempt_user_id'), ['user_id'], unique=False)

    op.create_table('plan_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('goal_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('revised_on', sa.Date(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('target', sa.Float(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('checkpoints', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['goal_id'], ['goal.id'], name=op.f('fk_plan_revision_goal_id_goal'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_plan_revision_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_revision')),
    sa.UniqueConstraint('goal_id', 'version', name=op.f('uq_plan_revision_goal_id_version'))
    )
    with op.batch_alter_table('plan_revision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_revision_goal_id'), ['goal_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_revision_user_id'), ['user_id'], unique=False)



def downgrade():
    with op.batch_alter_table('plan_revision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_revision_user_id'))
        batch_op.drop_index(batch_op.f('ix_plan_revision_goal_id'))

    op.drop_table('plan_revision')
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attempt_user_id'))
        batch_op.drop_index(batch_op.f('ix_attempt_goal_id'))

    op.drop_table('attempt')
    with op.batch_alter_table('reflection', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reflection_year_id'))
        batch_op.drop_index(batch_op.f('ix_reflection_user_id'))

    op.drop_table('reflection')
    with op.batch_alter_table('goal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_goal_year_id'))
        batch_op.drop_index(batch_op.f('ix_goal_user_id'))
        batch_op.drop_index(batch_op.f('ix_goal_carried_from_id'))
        batch_op.drop_index(batch_op.f('ix_goal_area_id'))

    op.drop_table('goal')
    with op.batch_alter_table('journal_year', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_journal_year_user_id'))

    op.drop_table('journal_year')
    with op.batch_alter_table('area', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_area_user_id'))

    op.drop_table('area')
