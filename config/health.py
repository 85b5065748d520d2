"""/healthz for load balancers and monitoring: is the database there, and can bilag be stored?

It answers without signing in and says nothing about users or reports. The reasons name only the
kind of failure; the details go to the log."""

import logging
import os
import shutil

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database did not answer.")
        return "error: the database did not answer"
    return "ok"


def check_storage(storage=None):
    """A filesystem storage must be a writable folder; object storage must answer a lookup."""
    storage = storage or default_storage
    if isinstance(storage, FileSystemStorage):
        location = storage.location
        if not os.path.isdir(location) or not os.access(location, os.W_OK | os.X_OK):
            logger.error("Health check: the media folder %s is missing or not writable.", location)
            return "error: the media folder is missing or not writable"
        return "ok"
    try:
        storage.exists("healthz")
    except Exception:  # any failure of a remote storage client means the same to a load balancer
        logger.exception("Health check: the media storage did not answer.")
        return "error: the media storage did not answer"
    return "ok"


def check_free_space(storage=None):
    """A filesystem storage with less than HEALTH_MIN_FREE_MB free is reported: uploads and
    exports will soon be refused. (Object storage has no such limit to report.)"""
    storage = storage or default_storage
    if not isinstance(storage, FileSystemStorage) or not os.path.isdir(storage.location):
        return "ok"
    free_mb = shutil.disk_usage(storage.location).free // (1024 * 1024)
    if free_mb < settings.HEALTH_MIN_FREE_MB:
        logger.error("Health check: only %s MB free in the media folder.", free_mb)
        return f"low: {free_mb} MB free, below {settings.HEALTH_MIN_FREE_MB} MB"
    return "ok"


@never_cache
@require_GET
def healthz(request):
    checks = {"database": check_database(), "storage": check_storage()}
    healthy = all(result == "ok" for result in checks.values())
    # Low space is a warning for monitoring, not a reason for the load balancer to take every
    # server (they share the storage) out of service: reading still works.
    free_space = check_free_space()
    status = "error" if not healthy else ("warning" if free_space != "ok" else "ok")
    return JsonResponse({"status": status, **checks, "free_space": free_space}, status=200 if healthy else 503)
