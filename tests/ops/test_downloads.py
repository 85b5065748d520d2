"""protected_file_response: Django sends the file itself, or hands it to nginx with X-Accel-Redirect."""

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, InMemoryStorage
from django.db.models.fields.files import FieldFile, FileField

from config.downloads import protected_file_response


def stored_file(storage, name="bilag/7/4f1c.pdf", content=b"%PDF-1.7 bilag"):
    storage.save(name, ContentFile(content))
    field = FileField(storage=storage)
    field.attname = "file"
    return FieldFile(instance=None, field=field, name=name)


def test_it_streams_the_file_itself_without_a_proxy(settings, tmp_path):
    settings.X_ACCEL_REDIRECT_PREFIX = ""
    response = protected_file_response(stored_file(FileSystemStorage(location=tmp_path)), "Bilag 1 – Område.pdf")
    assert b"".join(response.streaming_content) == b"%PDF-1.7 bilag"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''Bilag%201%20%E2%80%93%20Omr%C3%A5de.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert "X-Accel-Redirect" not in response


def test_it_hands_the_file_to_nginx_when_a_prefix_is_set(settings, tmp_path):
    settings.X_ACCEL_REDIRECT_PREFIX = "/_protected/"
    response = protected_file_response(stored_file(FileSystemStorage(location=tmp_path)), "Statusskema.xlsx")
    assert response["X-Accel-Redirect"] == "/_protected/bilag/7/4f1c.pdf"
    assert response.content == b""
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="Statusskema.xlsx"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_it_quotes_odd_stored_names_in_the_redirect(settings, tmp_path):
    settings.X_ACCEL_REDIRECT_PREFIX = "/_protected/"
    file = stored_file(FileSystemStorage(location=tmp_path), name="bilag/7/a b?.pdf")
    assert protected_file_response(file, "x.pdf")["X-Accel-Redirect"] == "/_protected/bilag/7/a%20b%3F.pdf"


def test_it_streams_from_object_storage_even_with_a_prefix(settings):
    """nginx cannot reach into a bucket: any storage but the filesystem goes through Django."""
    settings.X_ACCEL_REDIRECT_PREFIX = "/_protected/"
    response = protected_file_response(stored_file(InMemoryStorage()), "Bilag.pdf")
    assert "X-Accel-Redirect" not in response
    assert b"".join(response.streaming_content) == b"%PDF-1.7 bilag"
