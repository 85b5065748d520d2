"""Files written whole or not at all, and a clear Danish answer when the storage cannot take them.

AtomicFileSystemStorage writes each file (bilag, archived approval PDFs, statusrapport exports)
to a temporary name in the target folder and gives it its real name only once every byte is on
disk; on any failure the temporary file is removed. A full disk therefore leaves no cut-off
file behind, and a name in the database always points at a whole file.

storage_error_middleware turns a full or read-only storage (ENOSPC, EDQUOT, EROFS, EACCES) into a
Danish page that says nothing was saved; the transaction the write belonged to has been rolled
back by then."""

import errno
import logging
import os
import tempfile

from django.core.files import locks
from django.core.files.storage import FileSystemStorage
from django.shortcuts import render
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

STORAGE_UNAVAILABLE = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM}


def is_storage_unavailable(error):
    return isinstance(error, OSError) and error.errno in STORAGE_UNAVAILABLE


def storage_problem_message():
    return _(
        "Filen kunne ikke gemmes, fordi lageret er fuldt eller skrivebeskyttet. Intet af det, du sendte, "
        "er gemt. Prøv igen senere, og kontakt support, hvis fejlen bliver ved."
    )


class AtomicFileSystemStorage(FileSystemStorage):
    def _save(self, name, content):
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        os.makedirs(directory, mode=self.directory_permissions_mode or 0o777, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=".", suffix=".part")
        try:
            with self._open_temporary(handle) as out:
                locks.lock(out, locks.LOCK_EX)
                for chunk in content.chunks():
                    out.write(chunk if isinstance(chunk, bytes) else chunk.encode())
                out.flush()
                os.fsync(out.fileno())
            name, full_path = self._publish(temporary, name, full_path)
        except BaseException:
            if os.path.exists(temporary):
                os.unlink(temporary)
            raise
        if self.file_permissions_mode is not None:
            os.chmod(full_path, self.file_permissions_mode)
        return str(name).replace("\\", "/")

    def _open_temporary(self, handle):
        return os.fdopen(handle, "wb")

    def _publish(self, temporary, name, full_path):
        """Gives the whole file its name. A hard link fails if the name exists, so a file is never
        replaced; where the file system has no hard links, a rename to a free name does."""
        while True:
            try:
                os.link(temporary, full_path)
            except FileExistsError:
                name = self.get_available_name(name)
                full_path = self.path(name)
                continue
            except OSError as error:
                if error.errno not in {errno.EPERM, errno.ENOTSUP, errno.EXDEV, errno.EMLINK} or os.path.exists(
                    full_path
                ):
                    raise
                os.replace(temporary, full_path)
                return name, full_path
            os.unlink(temporary)
            return name, full_path


class StorageErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_storage_unavailable(exception):
            return None
        logger.error("Storage unavailable while handling %s: %s", request.path, exception)
        return render(request, "storage_unavailable.html", {"message": storage_problem_message()}, status=507)
