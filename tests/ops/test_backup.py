"""backup and restore: the demo data goes out and comes back into a new, empty database (SQLite here,
PostgreSQL in CI) with every report, every bilag's hash and every file's bytes unchanged."""

import hashlib
import io
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from redegorelse.models import Report

# pg_dump and the restoring process read the database from outside the test's transaction.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROOT = Path(__file__).resolve().parents[2]
COMPARED = ["auth.user", "organisation", "barometer", "redegorelse"]


def sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def files_under(folder):
    return {path.relative_to(folder).as_posix(): sha256(path) for path in folder.rglob("*") if path.is_file()}


@pytest.fixture
def empty_database(tmp_path):
    """A DATABASE_URL for a new, empty database of the kind the tests run on; dropped afterwards."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg2

    config = connection.settings_dict
    name = f"{config['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(
        dbname="postgres", user=config["USER"], password=config["PASSWORD"], host=config["HOST"], port=config["PORT"]
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    credentials = quote(config["USER"]) + (f":{quote(config['PASSWORD'])}" if config["PASSWORD"] else "")
    try:
        yield f"postgres://{credentials}@{config['HOST'] or 'localhost'}:{config['PORT'] or 5432}/{name}"
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def manage(*args, database_url, media_root):
    """A management command in a process of its own, on the given database and media folder."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(DATABASE_URL=database_url, MEDIA_ROOT=str(media_root), DJANGO_SETTINGS_MODULE="config.settings")
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def dumped(stdout):
    return sorted(json.loads(stdout), key=lambda row: (row["model"], str(row["pk"])))


def test_it_round_trips_the_demo_data_into_an_empty_database(demo_data, tmp_path, empty_database):
    media = demo_data
    out = tmp_path / "backup"
    call_command("backup", "--out", str(out), stdout=io.StringIO())
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["database"]["engine"] == connection.vendor
    assert {entry["path"]: entry["sha256"] for entry in manifest["files"]} == files_under(media)
    assert files_under(out / "media") == files_under(media)

    restored_media = tmp_path / "restored-media"
    output = manage("restore", "--from", str(out), database_url=empty_database, media_root=restored_media)
    assert "Gendannet" in output

    original = io.StringIO()
    call_command("dumpdata", *COMPARED, stdout=original)
    restored = dumped(manage("dumpdata", *COMPARED, database_url=empty_database, media_root=restored_media))
    assert restored == dumped(original.getvalue())

    # Spelled out for what matters most: the reports' text, and each bilag's recorded hash matching
    # the bytes that came back.
    restored_reports = {row["pk"]: row["fields"] for row in restored if row["model"] == "redegorelse.report"}
    reports = list(Report.objects.all())
    assert len(reports) >= 4
    for report in reports:
        for field in Report.CONTENT_FIELDS:
            assert restored_reports[report.pk][field] == getattr(report, field), (report, field)
    attachments = [row["fields"] for row in restored if row["model"] == "redegorelse.attachment"]
    assert attachments
    for fields in attachments:
        assert sha256(restored_media / fields["file"]) == fields["sha256"]
    # The approved reports' archive: the restored PDF has the hash recorded at approval.
    snapshots = [row["fields"] for row in restored if row["model"] == "redegorelse.approvedsnapshot"]
    assert snapshots
    for fields in snapshots:
        assert sha256(restored_media / fields["pdf"]) == fields["pdf_sha256"]
    assert files_under(restored_media) == files_under(media)


def test_it_refuses_to_restore_into_a_database_that_is_not_empty(demo_data, tmp_path):
    out = tmp_path / "backup"
    call_command("backup", "--out", str(out), stdout=io.StringIO())
    before = Report.objects.count()
    with pytest.raises(CommandError, match="Databasen er ikke tom"):
        call_command("restore", "--from", str(out))
    assert Report.objects.count() == before


def test_it_refuses_a_damaged_backup_before_changing_anything(demo_data, tmp_path, settings):
    out = tmp_path / "backup"
    call_command("backup", "--out", str(out), stdout=io.StringIO())
    damaged = next((out / "media").rglob("*.pdf"))
    damaged.write_bytes(damaged.read_bytes() + b"x")
    settings.MEDIA_ROOT = tmp_path / "empty-media"
    with pytest.raises(CommandError, match="Sikkerhedskopien er beskadiget: 1 filer"):
        call_command("restore", "--from", str(out))
    assert not (tmp_path / "empty-media").exists()


def test_it_refuses_a_manifest_that_points_outside_the_media_folder(demo_data, tmp_path):
    out = tmp_path / "backup"
    call_command("backup", "--out", str(out), stdout=io.StringIO())
    manifest = json.loads((out / "manifest.json").read_text())
    manifest["files"][0]["path"] = "../../etc/cron.d/evil"
    (out / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match="uden for mediemappen"):
        call_command("restore", "--from", str(out))


def test_it_will_not_write_a_backup_into_a_folder_in_use(demo_data, tmp_path):
    out = tmp_path / "backup"
    out.mkdir()
    (out / "something.txt").write_text("already here")
    with pytest.raises(CommandError, match="ikke tom"):
        call_command("backup", "--out", str(out))
