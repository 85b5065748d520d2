"""The local `.env` file: settings for one checkout (`make run` writes DEBUG=1 and a generated
SECRET_KEY), so that `python manage.py …` works without exporting anything. It only fills in
what the environment does not set: a variable in the environment always wins.

The format is the common subset: `NAME=value` a line, blank lines and `#` comments, an optional
`export ` in front, and a value optionally in matching single or double quotes (taken literally:
no escapes, no `$VARIABLES`). Anything else stops start-up with the file and line number."""

import os
import re
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_LINE = re.compile(r"(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)")


def read_env_file(path):
    """{NAME: value} from the file at `path`."""
    values = {}
    text = Path(path).read_text(encoding="utf-8")
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _LINE.fullmatch(line)
        if not match:
            # The line itself is not repeated: it may hold a secret.
            raise ImproperlyConfigured(
                f"{path}, line {number}: expected NAME=value (a line starting with # is a comment)."
            )
        name, value = match.groups()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        elif value and value[0] in "'\"":
            raise ImproperlyConfigured(f"{path}, line {number}: the value of {name} has no closing quote.")
        else:
            value = value.split(" #", 1)[0].rstrip()
        values[name] = value
    return values


def load_env_file(default_path, environ=os.environ):
    """Adds the variables of the local settings file to `environ` where it has none. ENV_FILE names
    another file (which must then exist) or, empty, turns the file off; by default `default_path`
    is read when it exists."""
    chosen = environ.get("ENV_FILE")
    if chosen == "":
        return
    path = Path(chosen) if chosen else Path(default_path)
    if not path.is_file():
        if chosen:
            raise ImproperlyConfigured(f"ENV_FILE names {chosen!r}, which is not a file.")
        return
    for name, value in read_env_file(path).items():
        environ.setdefault(name, value)
