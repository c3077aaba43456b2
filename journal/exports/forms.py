"""The restore form."""

from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import RadioField

from ..fields import JournalForm, options

KEEP, MERGE = "refuse", "merge"


class RestoreForm(JournalForm):
    file = FileField(
        "Backup file",
        validators=[FileRequired("Choose the backup file (.json) to restore.")],
        description="A file downloaded from “Download a backup”.",
    )
    on_conflict = RadioField(
        "If your journal already has a year that is in the file",
        choices=options([
            (KEEP, "Stop, and restore nothing"),
            (MERGE, "Merge: add the file's goals and check-ins to that year, and fill "
                    "reflection sections you left empty"),
        ]),
        default=KEEP,
    )
