"""Password rules and argon2id hashing."""

from __future__ import annotations

import unicodedata
from functools import cache
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

MIN_LENGTH = 8
MAX_LENGTH = 1024  # well past any passphrase; bounds the work one request can ask for


def normalize_password(password: str) -> str:
    """Return `password` in NFKC form, so the same phrase typed on two keyboards matches."""
    return unicodedata.normalize("NFKC", password)


@cache
def common_passwords() -> frozenset[str]:
    """Return the 1,000 most common passwords of 8+ characters, lowercased."""
    text = resources.files(__package__).joinpath("common_passwords.txt").read_text("utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip())


def password_problem(password: str) -> str | None:
    """Return why `password` cannot be used, or None. Length and commonness only:
    no composition rules, any Unicode is welcome."""
    length = len(normalize_password(password))
    if length < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if length > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    if normalize_password(password).lower() in common_passwords():
        return "This is one of the most common passwords; please choose another."
    return None


def _hasher() -> PasswordHasher:
    config = current_app.config
    return _hasher_for(
        config["ARGON2_TIME_COST"], config["ARGON2_MEMORY_COST"], config["ARGON2_PARALLELISM"]
    )


@cache
def _hasher_for(time_cost: int, memory_cost: int, parallelism: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)


def hash_password(password: str) -> str:
    """Return an argon2id hash of `password`."""
    return _hasher().hash(normalize_password(password))


def verify_password(password_hash: str, password: str) -> bool:
    """Return True when `password` matches `password_hash`; never raises on a mismatch."""
    try:
        return _hasher().verify(password_hash, normalize_password(password))
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Return True when `password_hash` was made with weaker settings than today's."""
    return _hasher().check_needs_rehash(password_hash)


def burn_verification_time() -> None:
    """Spend the time of one verification, so an unknown email answers as slowly
    as a wrong password (no timing difference tells which emails have accounts)."""
    verify_password(_dummy_hash(), "not the password")


def _dummy_hash() -> str:
    config = current_app.config
    key = (config["ARGON2_TIME_COST"], config["ARGON2_MEMORY_COST"], config["ARGON2_PARALLELISM"])
    return _dummy_hash_for(*key)


@cache
def _dummy_hash_for(time_cost: int, memory_cost: int, parallelism: int) -> str:
    return _hasher_for(time_cost, memory_cost, parallelism).hash("a password nobody has")
