"""Flask commands: `flask --app journal demo`, `export`, `import`, `backup`, and `db`
(Flask-Migrate's, loaded when used)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import click
from flask import Flask, current_app, g
from flask.cli import ScriptInfo, with_appcontext

from . import clock
from .auth.queries import find_user_by_email
from .demo import DEMO_EMAIL, create_demo
from .exports.backup import build_backup
from .exports.restore import RestoreProblem, restore_file
from .extensions import db


def init_app(app: Flask) -> None:
    app.cli.add_command(MigrationCommands("db", help="Database migrations (Flask-Migrate)."))
    app.cli.add_command(export_command)
    app.cli.add_command(demo_command)
    app.cli.add_command(import_command)
    app.cli.add_command(backup_command)


def init_migrations(app: Flask):
    """Bind Flask-Migrate to `app`, with the migrations shipped with the app; return it."""
    from flask_migrate import Migrate

    from . import resource_dir

    return Migrate(app, db, directory=str(resource_dir("migrations")),
                   render_as_batch=True, compare_type=True)


class MigrationCommands(click.Group):
    """`flask db ...`: Flask-Migrate's commands, imported only when one runs. Alembic takes
    a good part of a second to import, and a web worker never migrates."""

    def __init__(self, name: str, **kwargs):
        super().__init__(name, callback=_migration_defaults, **kwargs)

    def _commands(self, ctx: click.Context) -> click.Group:
        app = ctx.ensure_object(ScriptInfo).load_app()
        if "migrate" not in app.extensions:
            init_migrations(app)
        from flask_migrate.cli import db as commands

        return commands

    def list_commands(self, ctx: click.Context) -> list[str]:
        return self._commands(ctx).list_commands(ctx)

    def get_command(self, ctx: click.Context, name: str):
        return self._commands(ctx).get_command(ctx, name)


@with_appcontext
def _migration_defaults() -> None:
    # What Flask-Migrate's own `db` group sets before any of its commands runs.
    g.directory, g.x_arg = None, ()


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Create (or reset) the demo account with two years of journal, and print its login."""
    password = create_demo(clock.today())
    click.echo(f"Demo journal ready. Log in as {DEMO_EMAIL} with the password: {password}")


@click.command("export")
@click.option("--email", required=True, help="The account to export.")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The file to write (use - for standard output).")
@with_appcontext
def export_command(email: str, out: Path) -> None:
    """Write one account's backup (the same file as /export/backup.json)."""
    user = find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"No account with the email {email}.")
    body = json.dumps(build_backup(user.id, clock.now()), ensure_ascii=False, indent=1)
    if str(out) == "-":
        click.echo(body)
    else:
        out.write_text(body, encoding="utf-8")
        click.echo(f"Wrote the backup of {user.email} to {out}.")


@click.command("import")
@click.option("--email", required=True, help="The account to restore into.")
@click.option("--merge", is_flag=True,
              help="Add the file's goals and check-ins to years the account already has.")
@click.argument("backup", type=click.File("rb"))
@with_appcontext
def import_command(email: str, merge: bool, backup) -> None:
    """Restore a backup file into an account: all of it, or nothing."""
    user = find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"No account with the email {email}.")
    try:
        restored = restore_file(backup.read(), user.id, merge=merge)
    except RestoreProblem as problem:
        db.session.rollback()
        raise click.ClickException(f"{problem} Nothing was restored.") from problem
    db.session.commit()
    click.echo(f"Restored into {user.email}: {restored}.")


@click.command("backup")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The file to write; it must not exist yet.")
@with_appcontext
def backup_command(out: Path) -> None:
    """Copy the whole SQLite database, safely while the app runs (SQLite's online backup)."""
    url = db.engine.url
    if url.get_backend_name() != "sqlite" or not url.database:
        raise click.ClickException(
            "This server uses PostgreSQL: back it up with pg_dump (see the README).")
    if not Path(url.database).is_file():
        raise click.ClickException(f"There is no database at {url.database} yet.")
    if out.exists():
        raise click.ClickException(f"{out} exists already; choose a new file.")
    out.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(url.database)
    target = sqlite3.connect(out)
    try:
        with target:
            source.backup(target)  # page by page, consistent even while others write
        check = target.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        target.close()
        source.close()
    if check != "ok":
        raise click.ClickException(f"The copy failed its integrity check: {check}")
    current_app.logger.info("database backed up")
    click.echo(f"Backed up the database to {out} (integrity check: ok).")
