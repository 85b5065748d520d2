"""/healthz answers fast and without signing in; every request gets an id and one log line."""

import json
import logging

import pytest
from django.core.files.storage import FileSystemStorage
from django.db import DatabaseError

from config import health
from config.requestlog import JsonFormatter, RequestContextFilter

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.HEALTH_MIN_FREE_MB = 1
    return tmp_path


def test_it_reports_a_healthy_database_and_storage(client, media):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "storage": "ok", "free_space": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_it_answers_503_with_a_reason_when_the_media_folder_is_missing(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "not-mounted"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "database": "ok",
        "storage": "error: the media folder is missing or not writable",
        "free_space": "ok",
    }


def test_it_answers_503_when_the_database_fails(client, media, monkeypatch):
    class BrokenCursor:
        def __enter__(self):
            raise DatabaseError("connection refused")

        def __exit__(self, *exc):
            return False

    monkeypatch.setattr(health.connection, "cursor", lambda: BrokenCursor())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "error: the database did not answer"


def test_it_checks_object_storage_with_a_lookup():
    class Unreachable:
        def exists(self, name):
            raise ConnectionError("no route to host")

    class Reachable:
        def exists(self, name):
            return False

    assert health.check_storage(Unreachable()) == "error: the media storage did not answer"
    assert health.check_storage(Reachable()) == "ok"
    assert health.check_storage(FileSystemStorage(location="/nonexistent/media")).startswith("error")


def test_it_is_exempt_from_the_https_redirect_but_nothing_else_is(client, media, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/login/").status_code == 301


def test_it_gives_every_response_a_request_id(client):
    first = client.get("/login/")["X-Request-ID"]
    second = client.get("/login/")["X-Request-ID"]
    assert len(first) == 32
    assert first != second


def test_it_keeps_the_proxys_request_id_when_it_is_a_plain_token(client):
    assert client.get("/login/", HTTP_X_REQUEST_ID="nginx-7f3a9c")["X-Request-ID"] == "nginx-7f3a9c"
    forged = client.get("/login/", HTTP_X_REQUEST_ID="x\r\nSet-Cookie: a=b")["X-Request-ID"]
    assert forged != "x\r\nSet-Cookie: a=b"
    assert len(forged) == 32


def test_it_logs_each_request_with_user_id_and_duration_but_no_query_string(client_for, tmf_worker, caplog):
    client = client_for(tmf_worker)
    with caplog.at_level(logging.INFO, logger="config.request"):
        response = client.get("/oversigt/?bruger=Mette+S%C3%B8rensen")
    record = next(r for r in caplog.records if r.name == "config.request")
    assert record.path == "/oversigt/"
    assert record.status == response.status_code
    assert record.user_id == tmf_worker.pk
    assert record.duration_ms >= 0
    assert record.request_id == response["X-Request-ID"]
    assert "Mette" not in record.getMessage()
    assert "bruger" not in record.getMessage()


def test_it_writes_json_lines_with_the_request_context():
    record = logging.makeLogRecord(
        {"name": "config.request", "levelname": "INFO", "msg": "GET %s %s", "args": ("/oversigt/", 200)}
    )
    record.path, record.status, record.duration_ms = "/oversigt/", 200, 12.5
    record.request = object()  # Django's error log passes the request; its text has the query string
    RequestContextFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "GET /oversigt/ 200"
    assert line["level"] == "INFO"
    assert line["logger"] == "config.request"
    assert line["path"] == "/oversigt/"
    assert line["duration_ms"] == 12.5
    assert line["request_id"] == "-"
    assert "user_id" in line
    assert "request" not in line
    assert line["time"].endswith("+00:00")


def test_it_puts_the_request_id_on_log_lines_written_during_the_request(client, caplog, monkeypatch):
    def noisy_view_check():
        logging.getLogger("config.health").warning("inside the request")
        return "ok"

    monkeypatch.setattr(health, "check_database", noisy_view_check)
    response = client.get("/healthz", HTTP_X_REQUEST_ID="trace-42")
    record = next(r for r in caplog.records if r.getMessage() == "inside the request")
    assert response["X-Request-ID"] == "trace-42"
    RequestContextFilter().filter(record)
    assert record.request_id == "trace-42"
