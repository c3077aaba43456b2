"""Flask commands: `flask --app journal demo`, `export` and `import`."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext

from . import clock
from .auth.queries import find_user_by_email
from .demo import DEMO_EMAIL, create_demo
from .exports.backup import build_backup
from .exports.restore import RestoreProblem, restore_file
from .extensions import db


def init_app(app: Flask) -> None:
    app.cli.add_command(export_command)
    app.cli.add_command(demo_command)
    app.cli.add_command(import_command)


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
