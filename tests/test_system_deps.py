"""scripts/system-deps, which `make test` runs first: as a user who may not install it stops at
once with the exact command; as root it installs what is missing; with nothing missing it is quiet."""

import os
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "system-deps"


def run(tmp_path, uid, installed):
    """The script with fake dpkg-query, id and apt-get in front of PATH; apt-get records its calls."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    calls = tmp_path / "apt-calls"
    fakes = {
        "dpkg-query": 'for p; do :; done; case " $INSTALLED " in *" $p "*) printf installed;; *) exit 1;; esac',
        "id": f"echo {uid}",
        "apt-get": f'echo "$*" >> {calls}',
    }
    for name, body in fakes.items():
        (bin_dir / name).write_text(f"#!/bin/sh\n{body}\n")
        (bin_dir / name).chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "INSTALLED": " ".join(installed)}
    env.pop("CHROMIUM_PATH", None)
    env.pop("SKIP_SYSTEM_DEPS", None)
    result = subprocess.run([str(SCRIPT)], env=env, capture_output=True, text=True, timeout=30)
    return result, (calls.read_text() if calls.exists() else "")


EVERYTHING = [
    "chromium",
    "libpango-1.0-0",
    "libpangoft2-1.0-0",
    "fonts-dejavu-core",
    "gettext",
    "postgresql-client",
    "libreoffice-writer-nogui",
    "libreoffice-calc-nogui",
    "poppler-utils",
    "python3-venv",
]


def test_it_stops_a_user_at_once_with_the_exact_command(tmp_path):
    missing = {"chromium", "libreoffice-calc-nogui"}
    result, apt_calls = run(tmp_path, uid=1000, installed=[p for p in EVERYTHING if p not in missing])
    assert result.returncode == 1
    assert (
        "sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium libreoffice-calc-nogui"
        in result.stderr
    )
    assert apt_calls == ""


def test_it_installs_what_is_missing_as_root(tmp_path):
    result, apt_calls = run(tmp_path, uid=0, installed=[p for p in EVERYTHING if p != "gettext"])
    assert result.returncode == 0, result.stderr
    assert apt_calls.splitlines() == ["update -qq", "install -y --no-install-recommends gettext -qq"]


def test_it_does_nothing_when_everything_is_there(tmp_path):
    result, apt_calls = run(tmp_path, uid=1000, installed=EVERYTHING)
    assert (result.returncode, result.stdout, result.stderr, apt_calls) == (0, "", "", "")
