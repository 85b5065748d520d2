"""tests/needs.py: a test whose program or database is missing fails in CI and is skipped elsewhere."""

import pytest

from tests import needs


def test_a_missing_program_fails_in_ci_and_is_skipped_on_a_developers_machine(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="apt-get install poppler-utils"):
        needs.require_program("pdftoppm", "poppler-utils")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="needs pdftoppm"):
        needs.require_program("pdftoppm", "poppler-utils")


def test_a_present_program_gives_its_path(tmp_path, monkeypatch):
    program = tmp_path / "pdftoppm"
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("CI", "true")
    assert needs.require_program("pdftoppm", "poppler-utils") == str(program)
