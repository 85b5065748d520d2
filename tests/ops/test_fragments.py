"""A cached piece's key covers the code that writes it (config/fragments.py): another version of
any listed file, of the translations or of the number formats gives another key."""

from config import fragments


def test_the_code_version_follows_the_listed_files_the_translations_and_the_formats(settings, tmp_path):
    settings.BASE_DIR = tmp_path
    (tmp_path / "templates").mkdir()
    (tmp_path / "locale/en/LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "config/formats/da").mkdir(parents=True)
    template, catalogue, formats = (
        tmp_path / "templates/piece.html",
        tmp_path / "locale/en/LC_MESSAGES/django.mo",
        tmp_path / "config/formats/da/formats.py",
    )
    unlisted = tmp_path / "templates/other.txt"
    for file in (template, catalogue, formats, unlisted):
        file.write_text("1")

    def version():
        return fragments.code_version("templates/*.html")

    versions = [version()]
    for file in (template, catalogue, formats):
        file.write_text("2")
        versions.append(version())
    assert len(set(versions)) == 4
    unlisted.write_text("2")
    assert version() == versions[-1]
