"""check-ins and progress updates

Revision ID: dc175f70c0ba
Revises: 20b1d025af10
Create Date: 2026-11-22 07:15:11.717492

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'dc175f70c0ba'
down_revision = '20b1d025af10'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('checkin',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('year_id', sa.Integer(), nullable=False),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('mood', sa.Integer(), nullable=True),
    sa.Column('went_well', sa.Text(), nullable=False),
    sa.Column('went_badly', sa.Text(), nullable=False),
    sa.Column('next_change', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_checkin_user_id_user_account'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['year_id'], ['journal_year.id'], name=op.f('fk_checkin_year_id_journal_year'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checkin'))
    )
    with op.batch_alter_table('checkin', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checkin_user_id'), ['user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_checkin_year_id'), ['year_id'], unique=False)

    op.create_table('progress_update',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('goal_id', sa.Integer(), nullable=False),
    sa.Column('checkin_id', sa.Integer(), nullable=True),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('skipped', sa.Boolean(), nullable=False),
    sa.Column('enjoyment', sa.Integer(), nullable=True),
    sa.Column('confidence', sa.Integer(), nullable=True),
    sa.Column('blocker', sa.Text(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('link', sa.String(length=500), nullable=False),
    sa.Column('topic', sa.String(length=40), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['checkin_id'], ['checkin.id'], name=op.f('fk_progress_update_checkin_id_checkin'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['goal_id'], ['goal.id'], name=op.f('fk_progress_update_goal_id_goal'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_progress_update_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_progress_update'))
    )
    with op.batch_alter_table('progress_update', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_progress_update_checkin_id'), ['checkin_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_progress_update_goal_id'), ['goal_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_progress_update_on'), ['on'], unique=False)
        batch_op.create_index(batch_op.f('ix_progress_update_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.add_column(sa.Column('checkin_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_attempt_checkin_id'), ['checkin_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_attempt_checkin_id_checkin'), 'checkin', ['checkin_id'], ['id'], ondelete='CASCADE')



def downgrade():
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_attempt_checkin_id_checkin'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_attempt_checkin_id'))
        batch_op.drop_column('checkin_id')

    with op.batch_alter_table('progress_update', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_progress_update_user_id'))
        batch_op.drop_index(batch_op.f('ix_progress_update_on'))
        batch_op.drop_index(batch_op.f('ix_progress_update_goal_id'))
        batch_op.drop_index(batch_op.f('ix_progress_update_checkin_id'))

    op.drop_table('progress_update')
    with op.batch_alter_table('checkin', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checkin_year_id'))
        batch_op.drop_index(batch_op.f('ix_checkin_user_id'))

    op.drop_table('checkin')
