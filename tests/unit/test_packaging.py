"""A built wheel carries templates/, static/ and migrations/, and the app finds them."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

CHECK_INSTALLED_APP = """
import journal, sys
from journal import create_app
from journal.config import TestConfig
app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}, config=TestConfig)
for folder in (app.template_folder, app.static_folder):
    assert folder.startswith(sys.argv[1]), folder
with app.test_request_context():
    from flask import render_template
    assert "Year Journal" in render_template("main/welcome.html")
print(journal.resource_dir("migrations"))
"""


def test_wheel_contains_the_top_level_folders_and_works_installed(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--quiet", "--wheel-dir", str(tmp_path), str(REPO)],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("year_journal-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert "journal/templates/base.html" in names
        assert "journal/static/css/app.css" in names
        assert "journal/migrations/env.py" in names
        assert "journal/auth/common_passwords.txt" in names
        assert any(n.startswith("journal/migrations/versions/") for n in names)
        site = tmp_path / "site"
        archive.extractall(site)

    # Import the package from the unpacked wheel, not from this checkout.
    env = {**os.environ, "PYTHONPATH": str(site), "JOURNAL_INSTANCE_PATH": str(tmp_path / "i")}
    result = subprocess.run(
        [sys.executable, "-c", CHECK_INSTALLED_APP, str(site / "journal")],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(site / "journal" / "migrations")


IMPORT_EACH_FIRST = """
import importlib, json, pkgutil, sys
import journal
names = sorted(m.name for m in pkgutil.walk_packages(journal.__path__, "journal."))
failed = {}
for name in names:
    for loaded in [m for m in sys.modules if m == "journal" or m.startswith("journal.")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except Exception as error:
        failed[name] = repr(error)
print(json.dumps({"modules": len(names), "failed": failed}))
"""


def test_every_module_imports_when_imported_first():
    """Import order must not matter: a module a test (or a command) imports first must not
    meet a half-initialized one through a cycle."""
    import json
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", IMPORT_EACH_FIRST], capture_output=True,
                          text=True, check=True, timeout=300)
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["modules"] > 30
    assert report["failed"] == {}
