"""Configuration: secret keys, production refusals, environment selection."""

from __future__ import annotations

import stat

import pytest

from journal import create_app
from journal.config import (
    ConfigError,
    DevelopmentConfig,
    ProductionConfig,
    TestConfig,
    config_class,
    weak_secret_key_reason,
)

STRONG_KEY = "k8Jq2vX9mP4rT7wZ1nB5cF3hL6dS0gYa"


@pytest.fixture
def env(monkeypatch, tmp_path):
    for name in ("SECRET_KEY", "DATABASE_URL", "FLASK_DEBUG", "JOURNAL_ENV", "JOURNAL_TODAY",
                 "JOURNAL_TRUSTED_HOSTS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("JOURNAL_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    return monkeypatch


def test_development_generates_a_key_once_and_keeps_it(env, tmp_path):
    first = create_app(config=DevelopmentConfig).config["SECRET_KEY"]
    second = create_app(config=DevelopmentConfig).config["SECRET_KEY"]
    assert first == second
    assert len(first) >= 64
    key_file = tmp_path / "instance" / "secret_key"
    assert key_file.read_text() == first
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_environment_secret_key_wins(env):
    env.setenv("SECRET_KEY", STRONG_KEY)
    assert create_app(config=DevelopmentConfig).config["SECRET_KEY"] == STRONG_KEY


@pytest.mark.parametrize("key", ["", "dev", "changeme", "short-key", "a" * 40, "ab" * 30])
def test_production_refuses_missing_or_weak_keys(env, key):
    if key:
        env.setenv("SECRET_KEY", key)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app(config=ProductionConfig)


def test_production_refuses_debug(env):
    env.setenv("SECRET_KEY", STRONG_KEY)
    env.setenv("FLASK_DEBUG", "1")
    with pytest.raises(ConfigError, match="debug"):
        create_app(config=ProductionConfig)


def test_production_starts_with_a_strong_key(env):
    env.setenv("SECRET_KEY", STRONG_KEY)
    app = create_app(config=ProductionConfig)
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["DEBUG"] is False


def test_journal_env_selects_the_config(env):
    env.setenv("JOURNAL_ENV", "production")
    assert config_class() is ProductionConfig
    env.setenv("JOURNAL_ENV", "prodution")
    with pytest.raises(ConfigError, match="not one of"):
        config_class()


def test_database_url_comes_from_the_environment(env, tmp_path):
    url = f"sqlite:///{tmp_path / 'elsewhere.sqlite3'}"
    env.setenv("DATABASE_URL", url)
    assert create_app(config=DevelopmentConfig).config["SQLALCHEMY_DATABASE_URI"] == url


def test_default_database_lives_in_the_instance_folder(env, tmp_path):
    env.delenv("DATABASE_URL")
    uri = create_app(config=DevelopmentConfig).config["SQLALCHEMY_DATABASE_URI"]
    assert uri == f"sqlite:///{tmp_path / 'instance' / 'journal.sqlite3'}"


def test_trusted_hosts_come_from_the_environment(env):
    assert create_app(config=DevelopmentConfig).config["TRUSTED_HOSTS"] is None
    env.setenv("JOURNAL_TRUSTED_HOSTS", "journal.example.org, .example.net")
    hosts = create_app(config=DevelopmentConfig).config["TRUSTED_HOSTS"]
    assert hosts == ["journal.example.org", ".example.net"]


def test_bad_integer_setting_fails_fast(env):
    env.setenv("JOURNAL_MAX_BODY_BYTES", "lots")
    with pytest.raises(ConfigError, match="JOURNAL_MAX_BODY_BYTES"):
        create_app(config=DevelopmentConfig)


def test_weak_key_reasons_are_specific():
    assert weak_secret_key_reason("") == "is not set"
    assert "placeholder" in weak_secret_key_reason("changeme")
    assert "shorter" in weak_secret_key_reason("x1y2z3")
    assert weak_secret_key_reason(STRONG_KEY) is None


def test_today_can_be_moved_by_the_environment(env):
    from datetime import date

    from journal import clock

    env.setenv("JOURNAL_TODAY", "2026-07-01")
    app = create_app(config=DevelopmentConfig)
    with app.app_context():
        assert clock.today() == date(2026, 7, 1)
    env.setenv("JOURNAL_TODAY", "July first")
    with pytest.raises(ConfigError, match="JOURNAL_TODAY"):
        create_app(config=DevelopmentConfig)


def test_creating_the_app_opens_no_database_connection(tmp_path, monkeypatch):
    """gunicorn --preload builds the app once and forks workers from it: a connection opened
    while building would be shared by every worker. Nothing listens on port 9."""
    monkeypatch.setenv("JOURNAL_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:9/journal")
    app = create_app(config=TestConfig)
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith(":9/journal")
