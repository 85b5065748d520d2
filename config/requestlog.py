"""One log line per request, and a request id on every log line.

The id comes from the proxy's X-Request-ID header when it is a plain token (nginx: $request_id),
else it is made here; the response carries it back, so a user's error report can be matched with
the logs of every app server. Paths are logged without their query string: search words and names
typed into a form never reach the log."""

import json
import logging
import re
import time
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime

from django.conf import settings
from django.utils.functional import empty

logger = logging.getLogger("config.request")

REQUEST_ID_HEADER = "X-Request-ID"
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

request_id_var = ContextVar("request_id", default="-")
user_id_var = ContextVar("user_id", default=None)


def incoming_request_id(request):
    candidate = request.headers.get(REQUEST_ID_HEADER, "")
    return candidate if _VALID_REQUEST_ID.match(candidate) else uuid.uuid4().hex


def signed_in_user_id(request):
    """The user's id if something in the request already looked the user up; never a query of its own."""
    user = getattr(request, "user", None)
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    return user.pk if user.is_authenticated else None


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = incoming_request_id(request)
        request_token = request_id_var.set(request.request_id)
        user_token = user_id_var.set(None)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            user_id = signed_in_user_id(request)
            user_id_var.set(user_id)
            response[REQUEST_ID_HEADER] = request.request_id
            quiet = request.path == "/healthz" or request.path.startswith("/" + settings.STATIC_URL.lstrip("/"))
            logger.log(
                logging.DEBUG if quiet else logging.INFO,
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "user_id": user_id,
                },
            )
            return response
        finally:
            request_id_var.reset(request_token)
            user_id_var.reset(user_token)


class RequestContextFilter(logging.Filter):
    """Puts the current request's id (and user id, once known) on every record."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        if not hasattr(record, "user_id"):
            record.user_id = user_id_var.get()
        return True


# Attributes every LogRecord has; anything else on a record was passed as `extra`. Django's error
# logging passes the request itself, whose text form has the query string: it is left out.
_LEFT_OUT = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName", "request"}


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _LEFT_OUT and key not in entry:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
