"""Sending a stored file after the view has checked that the user may have it.

With X_ACCEL_REDIRECT_PREFIX set (nginx in front, media on the filesystem) the response is empty
and names the file for nginx, which sends it from an `internal` location: no app worker is tied up
by a slow download. Otherwise, and always for object storage, Django streams the file itself."""

import mimetypes
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header


def protected_file_response(file, filename, content_type=None):
    """`file` is a FieldFile (e.g. attachment.file); `filename` is what the browser saves it as;
    `content_type` the verified type (else guessed from `filename`)."""
    content_type = content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    if settings.X_ACCEL_REDIRECT_PREFIX and isinstance(file.storage, FileSystemStorage):
        response = HttpResponse(content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(True, filename)
        response["X-Accel-Redirect"] = settings.X_ACCEL_REDIRECT_PREFIX + quote(file.name)
    else:
        response = FileResponse(file.open("rb"), as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    # A bilag is personal to the people allowed to see it: no shared cache may keep it.
    response["Cache-Control"] = "private, no-store"
    return response
