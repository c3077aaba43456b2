"""Year Journal: create_app() builds the Flask application."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from .config import Config, config_class

PACKAGE_DIR = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """Return the folder `name` (templates, static, migrations).

    A built wheel carries it inside the package; a source checkout (editable install
    included) has it at the top of the repository, which is also the answer when
    neither exists yet (`flask db init` creates migrations/ there).
    """
    packaged = PACKAGE_DIR / name
    return packaged if packaged.is_dir() else PACKAGE_DIR.parent / name


def create_app(test_config: dict | None = None, config: type[Config] | None = None) -> Flask:
    """Build the app: configuration, extensions, blueprints, error handlers, commands."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("JOURNAL_INSTANCE_PATH") or None,
        instance_relative_config=True,
        template_folder=str(resource_dir("templates")),
        static_folder=str(resource_dir("static")),
    )
    register_config(app, config or config_class(), test_config)
    register_logging(app)
    register_extensions(app)
    register_blueprints(app)
    register_error_handlers(app)
    register_security(app)
    register_template_helpers(app)
    register_commands(app)
    return app


def register_config(app: Flask, config: type[Config], overrides: dict | None) -> None:
    instance_path = Path(app.instance_path)
    instance_path.mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(config.from_environment(instance_path))
    if overrides:
        app.config.from_mapping(overrides)


def register_logging(app: Flask) -> None:
    """The app's records go to the server's error stream (gunicorn's error log), each with
    its time and time zone: logins, failures and lockouts are an audit trail."""
    import logging

    from flask.logging import default_handler

    default_handler.setFormatter(logging.Formatter(
        "[%(asctime)s] %(levelname)s in %(module)s: %(message)s", "%Y-%m-%d %H:%M:%S %z"
    ))
    if not app.debug:
        app.logger.setLevel(app.config["LOG_LEVEL"])


def register_extensions(app: Flask) -> None:
    from . import database
    from .auth.cookie import KeptCookieSessionInterface
    from .auth.routes import load_user
    from .extensions import csrf, db, login_manager

    db.init_app(app)
    database.init_app(app)
    app.session_interface = KeptCookieSessionInterface()
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to see that page."
    login_manager.login_message_category = "info"
    login_manager.user_loader(load_user)


def register_blueprints(app: Flask) -> None:
    # Every URL prefix is set here, so the whole URL space reads in one place.
    from .areas import bp as areas_bp
    from .auth import bp as auth_bp
    from .calendar_feed import bp as calendar_bp
    from .checkins import bp as checkins_bp
    from .exports import bp as exports_bp
    from .exports import restore_bp
    from .goals import bp as goals_bp
    from .main import bp as main_bp
    from .summary import bp as summary_bp
    from .years import bp as years_bp

    app.register_blueprint(main_bp, url_prefix="/")
    app.register_blueprint(auth_bp, url_prefix="/")
    app.register_blueprint(areas_bp, url_prefix="/areas")
    app.register_blueprint(years_bp, url_prefix="/years")
    app.register_blueprint(goals_bp, url_prefix="/")
    app.register_blueprint(checkins_bp, url_prefix="/")
    app.register_blueprint(summary_bp, url_prefix="/summary")
    app.register_blueprint(exports_bp, url_prefix="/export")
    app.register_blueprint(restore_bp, url_prefix="/import")
    app.register_blueprint(calendar_bp, url_prefix="/")


def register_error_handlers(app: Flask) -> None:
    from . import errors

    errors.init_app(app)


def register_security(app: Flask) -> None:
    from . import security

    security.init_app(app)


def register_commands(app: Flask) -> None:
    from . import cli

    cli.init_app(app)


def register_template_helpers(app: Flask) -> None:
    from .areas import PALETTE
    from .auth.forms import EmptyForm
    from .domain.plans import format_number
    from .markdown import render_markdown

    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["number"] = format_number
    app.jinja_env.filters["day"] = _format_day
    app.jinja_env.globals["area_palette"] = PALETTE

    @app.context_processor
    def _layout_context():
        # The log-out button in the navigation needs a CSRF token on every page.
        # formdata=None: the layout never reads the request body (on a 413 page,
        # reading it again would raise again).
        return {"logout_form": EmptyForm(formdata=None)}


def _format_day(value) -> str:
    """A date as people read it: "31 Dec 2026"."""
    return f"{value.day} {value:%b %Y}" if value else ""
