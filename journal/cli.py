"""Flask commands: `flask --app journal export --email X --out FILE`."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext

from . import clock
from .auth.queries import find_user_by_email
from .exports.backup import build_backup


def init_app(app: Flask) -> None:
    app.cli.add_command(export_command)


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
