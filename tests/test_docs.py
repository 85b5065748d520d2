"""The documentation describes the repository as it is: every file it names exists, and nothing
points outside the repository."""

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# The engineers' shared notes beside the checkout, which no user of the repository has (written so
# that this file does not name them itself).
OUTSIDE = ["../" + "shared", "shared" + "/docs", "shared" + "/seeds"]
APPS = ["config", "organisation", "barometer", "redegorelse", "crispy_dkfds", "tests", "templates", "static"]


def named_paths(text):
    """Backticked file paths (`redegorelse/pdf.py`, `templates/pdf/statusreport*.html`)."""
    for token in re.findall(r"`([^`\s]+)`", text):
        looks_like_a_file = re.search(r"\.(py|html|css|js|md|txt|po|toml|json|example|service|timer)$", token)
        if looks_like_a_file and "/" in token and not token.startswith(("/", "http", ".")) and "<" not in token:
            yield token


def exists(token):
    candidates = [ROOT / token, *(ROOT / app / token for app in APPS)]
    if "*" in token:
        return any(list(ROOT.glob(token)) or list((ROOT / app).glob(token)) for app in APPS)
    return any(path.exists() for path in candidates)


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.name)
def test_every_file_the_documentation_names_exists(document):
    names = list(named_paths(document.read_text(encoding="utf-8")))
    missing = [name for name in names if not exists(name)]
    assert missing == []


def test_the_architecture_names_many_files():
    assert len(list(named_paths((ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")))) > 20


def test_nothing_in_the_repository_points_outside_it():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    offenders = []
    for name in tracked.splitlines():
        path = ROOT / name
        if path.suffix in {".png", ".pdf", ".woff", ".woff2", ".mo", ".ico"} or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        if any(outside in text for outside in OUTSIDE):
            offenders.append(name)
    assert offenders == []
