"""Configuration classes; secrets and the database URL come from the environment."""

from __future__ import annotations

import os
import secrets
import time
from datetime import date, timedelta
from pathlib import Path

# Values people paste from tutorials; a production key must not be one of them.
KNOWN_WEAK_KEYS = frozenset(
    {"dev", "development", "secret", "secret-key", "changeme", "change-me", "please-change-me"}
)
MIN_SECRET_KEY_LENGTH = 32


class ConfigError(RuntimeError):
    """Raised when the app is started with a configuration it must refuse."""


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be an integer, got {raw!r}") from exc


def _env_date(name: str) -> date | None:
    raw = os.environ.get(name)
    if not raw:
        return None
    try:
        return date.fromisoformat(raw.strip())
    except ValueError as exc:
        raise ConfigError(f"{name} must be a date like 2026-07-01, got {raw!r}") from exc


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    """Settings shared by every environment."""

    ENV_NAME = "base"
    DEBUG = False
    TESTING = False

    # A failed statement's error (logged with its traceback) names the statement but never
    # its values: they are emails and journal text.
    # No connect_args: every connection setting belongs in DATABASE_URL, which the login
    # watcher's own connection is made from too (auth/login_cache.py).
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"hide_parameters": True}
    # The app's own records (logins, failures, lockouts, accounts) are INFO.
    LOG_LEVEL = "INFO"
    SQLITE_BUSY_TIMEOUT_MS = 5000

    # Cookies: never readable from scripts, not sent on cross-site POSTs.
    SESSION_COOKIE_NAME = "journal_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_NAME = "journal_remember"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = False
    REMEMBER_COOKIE_DURATION = timedelta(days=30)
    # A server-side login that was not "remembered" lasts at most this long.
    LOGIN_SESSION_LIFETIME = timedelta(hours=12)

    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = 8 * 3600  # a long evening of writing must not expire a form

    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    # Restoring a backup: many years of a journal fit in a few megabytes.
    MAX_IMPORT_BYTES = 16 * 1024 * 1024

    # Login throttling: failures counted over a sliding window, in the database so
    # the limit holds across worker processes.
    LOGIN_WINDOW = timedelta(minutes=15)
    LOGIN_MAX_FAILURES_PER_ACCOUNT = 5
    LOGIN_MAX_FAILURES_PER_ADDRESS = 20

    # argon2id cost; RFC 9106's second recommended option (64 MiB, 3 passes).
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_COST = 65536
    ARGON2_PARALLELISM = 4

    # Number of reverse proxies in front of the app whose X-Forwarded-* headers
    # are trusted. 0 means none: forged forwarding headers are ignored.
    PROXY_COUNT = 0

    @classmethod
    def from_environment(cls, instance_path: Path) -> dict:
        """Return the settings of this class with the environment applied on top."""
        settings = {key: getattr(cls, key) for key in dir(cls) if key.isupper()}
        settings["SQLALCHEMY_DATABASE_URI"] = os.environ.get("DATABASE_URL") or (
            f"sqlite:///{instance_path / 'journal.sqlite3'}"
        )
        settings["MAX_CONTENT_LENGTH"] = _env_int(
            "JOURNAL_MAX_BODY_BYTES", settings["MAX_CONTENT_LENGTH"]
        )
        settings["MAX_IMPORT_BYTES"] = _env_int(
            "JOURNAL_MAX_IMPORT_BYTES", settings["MAX_IMPORT_BYTES"]
        )
        hosts = os.environ.get("JOURNAL_TRUSTED_HOSTS", "")
        settings["TRUSTED_HOSTS"] = [h.strip() for h in hosts.split(",") if h.strip()] or None
        settings["PROXY_COUNT"] = _env_int("JOURNAL_PROXY_COUNT", settings["PROXY_COUNT"])
        settings["DEBUG"] = _env_bool("FLASK_DEBUG", settings["DEBUG"])
        settings["JOURNAL_TODAY"] = _env_date("JOURNAL_TODAY")
        settings["SECRET_KEY"] = cls.secret_key(instance_path, settings)
        return settings

    @classmethod
    def secret_key(cls, instance_path: Path, settings: dict) -> str:
        """Return SECRET_KEY from the environment, or one kept in the instance folder."""
        key = os.environ.get("SECRET_KEY")
        if key:
            return key
        return _instance_secret_key(instance_path)


class DevelopmentConfig(Config):
    """The default: a single person running the app on their own machine."""

    ENV_NAME = "development"


class ProductionConfig(Config):
    """Behind a reverse proxy with HTTPS; refuses weak settings at start-up."""

    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True

    @classmethod
    def from_environment(cls, instance_path: Path) -> dict:
        settings = super().from_environment(instance_path)
        if settings["DEBUG"]:
            raise ConfigError("Refusing to start: debug mode is on in production (FLASK_DEBUG).")
        return settings

    @classmethod
    def secret_key(cls, instance_path: Path, settings: dict) -> str:
        key = os.environ.get("SECRET_KEY", "")
        problem = weak_secret_key_reason(key)
        if problem:
            raise ConfigError(f"Refusing to start: SECRET_KEY {problem}.")
        return key


class TestConfig(Config):
    """Fast, isolated settings for the test suite."""

    ENV_NAME = "test"
    TESTING = True
    WTF_CSRF_ENABLED = False
    # Cheap hashing keeps hundreds of registrations fast; production uses the defaults.
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 1024
    ARGON2_PARALLELISM = 1


CONFIGS = {
    "development": DevelopmentConfig,
    "production": ProductionConfig,
    "test": TestConfig,
}


def config_class() -> type[Config]:
    """Return the config class named by JOURNAL_ENV (default: development).

    Raises ConfigError for an unknown name, so a typo never silently means "development".
    """
    name = os.environ.get("JOURNAL_ENV", "development").strip().lower()
    try:
        return CONFIGS[name]
    except KeyError:
        choices = ", ".join(sorted(CONFIGS))
        raise ConfigError(f"JOURNAL_ENV={name!r} is not one of: {choices}") from None


def weak_secret_key_reason(key: str) -> str | None:
    """Return why `key` is too weak for production, or None when it is acceptable."""
    if not key:
        return "is not set"
    if key.strip().lower() in KNOWN_WEAK_KEYS:
        return "is a well-known placeholder value"
    if len(key) < MIN_SECRET_KEY_LENGTH:
        return f"is shorter than {MIN_SECRET_KEY_LENGTH} characters"
    if len(set(key)) < 10:
        return "has too few distinct characters"
    return None


def _instance_secret_key(instance_path: Path) -> str:
    """Return the key kept in the instance folder, creating it (mode 0600) on first use."""
    path = instance_path / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    # O_EXCL: when two workers start at once, one creates the file and the other reads it.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_key_written_by_another_process(path)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


def _read_key_written_by_another_process(path: Path) -> str:
    for _ in range(50):
        key = path.read_text().strip()
        if key:
            return key
        time.sleep(0.02)
    raise ConfigError(f"The secret key file in the instance folder is empty: {path.name}")
