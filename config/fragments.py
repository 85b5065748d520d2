"""Rendered pieces of pages, written once per set of inputs and then reused by every process.

The same rule as the barometer's charts (barometer/chart_cache.py): the key is a SHA-256 of
everything the piece shows, read from the database on each request, and of the code and
translations that write it (`code_version`), so an edit, another language or a deployed change to
a template gives a new key. A cached piece is never stale, only unused; nothing has to be
invalidated, and one user's piece can never be served for another's page unless both pages show
exactly the same inputs (the callers put the object's own id among them, and check the user's
access before they ask).

Two tiers: this process's memory (the small "fragments" cache: the pieces are large) in front of
the "charts" database table that every app server shares (settings.CACHES)."""

import hashlib
from pathlib import Path

import django
from django.conf import settings
from django.core.cache import caches
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

SHARED = "charts"
LOCAL = "fragments"
TIMEOUT = 7 * 24 * 60 * 60  # seconds; the keys never go stale, this only clears out unused pieces


def code_version(*paths):
    """A digest of the source files (glob patterns relative to the project) that write a piece, of
    the compiled translations and the date and number formats, and of Django's version."""
    root = Path(settings.BASE_DIR)
    files = {file for pattern in paths for file in root.glob(pattern)}
    # Every piece is written in the active language with its date and number formats.
    files = sorted(files | set(root.glob("locale/*/LC_MESSAGES/django.mo")) | set(root.glob("config/formats/**/*.py")))
    digest = hashlib.sha256(django.get_version().encode())
    for file in files:
        digest.update(str(file.relative_to(root)).encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()


def key_for(kind, code, inputs):
    return f"fragment:{kind}:" + hashlib.sha256(repr((code, get_language(), inputs)).encode()).hexdigest()


def get_many(keys, local=LOCAL):
    """{key: html} for the keys this process (the cache alias local) or the shared table holds
    (one query for those this process does not hold)."""
    local = caches[local]
    found = local.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        shared = caches[SHARED].get_many(missing)
        if shared:
            local.set_many(shared, TIMEOUT)
            found.update(shared)
    # Safe as they are: each was rendered by the template engine or the escaping writers that
    # wrote it before it was stored (set_many below takes only what they returned).
    return {key: mark_safe(html) for key, html in found.items()}


def set_many(pieces, local=LOCAL):
    pieces = {key: str(html) for key, html in pieces.items()}
    if pieces:
        caches[SHARED].set_many(pieces, TIMEOUT)
        caches[local].set_many(pieces, TIMEOUT)


def cached(key, render):
    """The piece under key, rendered by render() and stored when no process has it yet."""
    found = get_many([key])
    if key in found:
        return found[key]
    html = render()
    set_many({key: html})
    return mark_safe(str(html))
