"""Every write to a journal changes its owner's data version, which the chart cache keys on.

A write that left the version alone would let a worker answer with a chart of the journal
as it was, so the journal of the sweeps is built here with every form post checked.
"""

from __future__ import annotations

import pytest
from helpers import PASSWORD, make_app
from journals import A_EMAIL, B_EMAIL, B_YEAR, TODAY, YEAR, build_journal, user_id
from sqlalchemy import select

from journal.extensions import db
from journal.models import Area, User

pytestmark = pytest.mark.filterwarnings(
    "ignore:Passing SelectField choices as tuples is deprecated:DeprecationWarning"
)


def versions(app) -> dict[str, str]:
    with app.app_context():
        return dict(db.session.execute(select(User.email, User.data_version)).all())


class CheckedClient:
    """A test client whose every accepted post must change its user's version, and no other."""

    def __init__(self, app, email: str):
        self.app, self.email = app, email
        self.client = app.test_client()
        self.checked = 0

    def post(self, url, **kwargs):
        before = versions(self.app)
        response = self.client.post(url, **kwargs)
        after = versions(self.app)
        if url not in ("/register", "/login") and response.status_code == 302:
            assert after[self.email] != before[self.email], f"POST {url} kept the version"
            self.checked += 1
        others = {email: v for email, v in after.items() if email != self.email}
        assert others == {e: v for e, v in before.items() if e in others}, (
            f"POST {url} changed another user's version"
        )
        return response

    def get(self, url, **kwargs):
        return self.client.get(url, **kwargs)


def test_every_write_changes_the_owners_version_only(tmp_path):
    app = make_app(tmp_path, JOURNAL_TODAY=TODAY)
    build_journal(app, app.test_client(), B_EMAIL, B_YEAR, full=False)
    client = CheckedClient(app, A_EMAIL)
    build_journal(app, client, A_EMAIL, YEAR, full=True)
    assert client.checked >= 10


def test_a_new_account_never_takes_a_deleted_accounts_version(tmp_path):
    app = make_app(tmp_path)
    client = app.test_client()
    build_journal(app, client, A_EMAIL, YEAR, full=False)
    old = versions(app)[A_EMAIL]
    old_id = user_id(app, A_EMAIL)
    response = client.post("/account/delete",
                           data={"password": PASSWORD, "confirm_text": "delete my journal"})
    assert response.status_code == 302 and A_EMAIL not in versions(app)
    build_journal(app, app.test_client(), A_EMAIL, YEAR, full=False)
    assert user_id(app, A_EMAIL) == old_id  # SQLite gave the new account the same id
    assert versions(app)[A_EMAIL] != old


def test_one_flush_that_writes_two_journals_changes_both_versions(tmp_path):
    # No request does this (each writes its own user's journal), but a script may, and
    # each journal's cached charts must then be rebuilt.
    app = make_app(tmp_path)
    build_journal(app, app.test_client(), A_EMAIL, YEAR, full=False)
    build_journal(app, app.test_client(), B_EMAIL, B_YEAR, full=False)
    before = versions(app)
    with app.app_context():
        for area in db.session.execute(select(Area)).scalars():
            area.position += 1
        db.session.commit()
    after = versions(app)
    assert after[A_EMAIL] != before[A_EMAIL] and after[B_EMAIL] != before[B_EMAIL]
