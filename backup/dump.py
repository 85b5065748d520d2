"""Backing up and restoring the database and the media files, shared by the `backup` and `restore`
commands.

A backup folder holds the database dump (pg_dump's custom format on PostgreSQL, a copy made with
SQLite's online backup API on SQLite), the media files under media/, and manifest.json with the
SHA-256 of every file, which restore checks before it changes anything."""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path, PurePosixPath

from django.core.files import File
from django.core.management.base import CommandError
from django.db import connections
from django.utils import timezone

MANIFEST = "manifest.json"
MEDIA_DIR = "media"
FORMAT_VERSION = 1
DUMP_FILES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
CHUNK = 1024 * 1024


def engine_of(alias):
    vendor = connections[alias].vendor
    if vendor not in DUMP_FILES:
        raise CommandError(f"Sikkerhedskopiering understøtter PostgreSQL og SQLite, ikke {vendor}.")
    return vendor


def sha256_of(path):
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def pg_environment(alias):
    """libpq's environment variables for the connection settings, so no password is on a command line."""
    config = connections[alias].settings_dict
    env = dict(os.environ)
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD")):
        if config.get(key):
            env[variable] = str(config[key])
    options = config.get("OPTIONS") or {}
    if options.get("sslmode"):
        env["PGSSLMODE"] = options["sslmode"]
    return env, config["NAME"]


def run_tool(command, env):
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise CommandError(f"{command[0]} er ikke installeret (Debian-pakken postgresql-client).") from None
    if result.returncode != 0:
        raise CommandError(f"{command[0]} fejlede: {result.stderr.strip()}")


# -- the database ------------------------------------------------------------------------------------


def dump_database(alias, target):
    engine = engine_of(alias)
    if engine == "postgresql":
        env, name = pg_environment(alias)
        # One transaction snapshot: the dump is consistent while the application keeps running.
        run_tool(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}", name], env)
    else:
        connection = connections[alias]
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            # The open connection's own database, so an in-memory one works too.
            connection.connection.backup(destination)
        finally:
            destination.close()


def table_names(alias):
    connection = connections[alias]
    with connection.cursor() as cursor:
        return connection.introspection.table_names(cursor)


def load_database(alias, source, engine):
    if engine != engine_of(alias):
        raise CommandError(
            f"Sikkerhedskopien er af en {engine}-database, men databasen, der skal gendannes i, er {engine_of(alias)}."
        )
    tables = table_names(alias)
    if tables:
        raise CommandError(
            f"Databasen er ikke tom ({len(tables)} tabeller). Gendan kun i en ny, tom database: opret den "
            "(createdb eller en ny SQLite-fil), peg DATABASE_URL på den, og kør restore igen."
        )
    if engine == "postgresql":
        env, name = pg_environment(alias)
        connections[alias].close()
        run_tool(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={name}",
                str(source),
            ],
            env,
        )
    else:
        connection = connections[alias]
        connection.ensure_connection()
        origin = sqlite3.connect(source)
        try:
            origin.backup(connection.connection)
        finally:
            origin.close()
        connection.close()


# -- the media files ---------------------------------------------------------------------------------


def stored_files(storage, folder=""):
    """Every file name in a storage, through the storage API (filesystem or object storage)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for name in sorted(folders):
        yield from stored_files(storage, f"{folder}/{name}" if folder else name)


def copy_media_out(storage, target_dir):
    entries = []
    for name in stored_files(storage):
        target = target_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        with storage.open(name, "rb") as source, open(target, "wb") as out:
            for chunk in iter(lambda source=source: source.read(CHUNK), b""):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
        entries.append({"path": name, "size": size, "sha256": digest.hexdigest()})
    return entries


def safe_media_name(name):
    """A manifest is data from disk: its paths must stay inside the media storage."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise CommandError(f"Manifestet nævner en fil uden for mediemappen: {name!r}.")
    return str(path)


def storage_sha256(storage, name):
    digest = hashlib.sha256()
    with storage.open(name, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


# -- the two commands --------------------------------------------------------------------------------


def write_backup(out_dir, *, alias, storage):
    out_dir = Path(out_dir)
    if out_dir.exists() and any(out_dir.iterdir()):
        raise CommandError(f"{out_dir} er ikke tom; vælg en ny mappe til sikkerhedskopien.")
    out_dir.mkdir(parents=True, exist_ok=True)
    engine = engine_of(alias)
    dump_name = DUMP_FILES[engine]
    # The database first: media files written after the dump are extra, never missing.
    dump_database(alias, out_dir / dump_name)
    files = copy_media_out(storage, out_dir / MEDIA_DIR)
    manifest = {
        "format": FORMAT_VERSION,
        "created_at": timezone.now().isoformat(),
        "database": {"engine": engine, "file": dump_name, "sha256": sha256_of(out_dir / dump_name)},
        "files": files,
    }
    (out_dir / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    return manifest


def read_verified_manifest(backup_dir):
    """The manifest, after every file it names has been checked against its hash."""
    backup_dir = Path(backup_dir)
    try:
        manifest = json.loads((backup_dir / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CommandError(
            f"{backup_dir} har ingen {MANIFEST}; det er ikke en sikkerhedskopi lavet med `backup`."
        ) from None
    if manifest.get("format") != FORMAT_VERSION:
        raise CommandError(f"Ukendt format for sikkerhedskopi: {manifest.get('format')!r}.")
    problems = []
    database = manifest["database"]
    dump = backup_dir / database["file"]
    if not dump.is_file() or sha256_of(dump) != database["sha256"]:
        problems.append(database["file"])
    for entry in manifest["files"]:
        path = backup_dir / MEDIA_DIR / safe_media_name(entry["path"])
        if not path.is_file() or sha256_of(path) != entry["sha256"]:
            problems.append(f"{MEDIA_DIR}/{entry['path']}")
    if problems:
        shown = ", ".join(problems[:10]) + (" …" if len(problems) > 10 else "")
        raise CommandError(
            f"Sikkerhedskopien er beskadiget: {len(problems)} filer mangler eller afviger fra manifestet: {shown}"
        )
    return manifest


def restore_backup(backup_dir, *, alias, storage):
    backup_dir = Path(backup_dir)
    manifest = read_verified_manifest(backup_dir)
    clashes = [
        entry["path"]
        for entry in manifest["files"]
        if storage.exists(entry["path"]) and storage_sha256(storage, entry["path"]) != entry["sha256"]
    ]
    if clashes:
        raise CommandError(f"Medielageret har allerede andre filer med samme navne: {', '.join(clashes[:10])}")
    database = manifest["database"]
    load_database(alias, backup_dir / database["file"], database["engine"])
    for entry in manifest["files"]:
        name = entry["path"]
        if storage.exists(name):
            continue
        with open(backup_dir / MEDIA_DIR / name, "rb") as handle:
            saved = storage.save(name, File(handle))
        if saved != name:
            raise CommandError(f"Lageret gemte {name} som {saved}.")
        if storage_sha256(storage, name) != entry["sha256"]:
            raise CommandError(f"{name} afviger fra sikkerhedskopien, efter at den er skrevet.")
    return manifest


def remove_partial(out_dir):
    shutil.rmtree(out_dir, ignore_errors=True)
