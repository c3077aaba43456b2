"""Password rules: length, commonness, Unicode; no composition rules."""

from __future__ import annotations

import pytest

from journal.auth.passwords import common_passwords, password_problem


def test_the_common_list_has_a_thousand_entries_all_long_enough():
    common = common_passwords()
    assert len(common) == 1000
    assert all(len(p) >= 8 for p in common)
    assert "password" in common


@pytest.mark.parametrize("password", ["password", "PASSWORD", "Password1", "iloveyou", "12345678"])
def test_common_passwords_are_refused_in_any_case(password):
    assert "most common" in (password_problem(password) or "")


@pytest.mark.parametrize(
    "password", ["correct horse battery staple", "ééééééééé", "日記を書く毎日の習慣", "x" * 1024]
)
def test_uncommon_passwords_of_any_script_are_accepted(password):
    assert password_problem(password) is None


def test_length_is_counted_in_characters_after_normalization():
    assert password_problem("é" * 7) == "Use at least 8 characters."
    # "e" + combining acute accent is one character once normalized.
    assert password_problem("e\u0301" * 7) == "Use at least 8 characters."
    assert password_problem("y" * 1025) == "Use at most 1024 characters."
