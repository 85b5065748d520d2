"""Several machines: two gunicorn app servers on loopback share only PostgreSQL and the media folder.
A case worker signs in and submits through one, the secretary approves through the other, and each
server reads what the other wrote: sessions, reports, the archived PDF and sign-in failures. Two task
workers beside them take the statusrapport exports: two BIF staff pressing export at the same
moment on different servers get one job, run once by one of the workers."""

import importlib
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from django.db import connection

from redegorelse.models import Report, ReportStatus
from tests import factories
from tests.needs import require_postgresql
from tests.ops.conftest import free_port

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
START_TIMEOUT = 60


def database_url():
    config = connection.settings_dict
    credentials = quote(config["USER"]) + (f":{quote(config['PASSWORD'])}" if config["PASSWORD"] else "")
    return f"postgres://{credentials}@{config['HOST'] or 'localhost'}:{config['PORT'] or 5432}/{config['NAME']}"


class AppServer:
    def __init__(self, media_root, log_path, command=None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        command = command or [str(GUNICORN), "-c", "config/gunicorn.conf.py", "config.wsgi"]
        env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings",
            DATABASE_URL=database_url(),
            DEBUG="0",
            SECRET_KEY="the-same-key-on-every-machine-" + "x" * 40,
            ALLOWED_HOSTS="127.0.0.1",
            MEDIA_ROOT=str(media_root),
            GUNICORN_BIND=f"127.0.0.1:{self.port}",
            WEB_CONCURRENCY="1",
            DB_CONN_MAX_AGE="0",
        )
        with open(log_path, "wb") as log:  # the server keeps its own copy of the descriptor
            self.process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def wait_until_healthy(self):
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"gunicorn on {self.url} exited:\n{self.log_path.read_text(errors='replace')}")
            try:
                if requests.get(f"{self.url}/healthz", timeout=10).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        pytest.fail(f"gunicorn on {self.url} did not become healthy:\n{self.log_path.read_text(errors='replace')}")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


@pytest.fixture(autouse=True)
def real_password_hashing(settings):
    """The servers know only the project's hashers, not the fast one the other tests use."""
    settings.PASSWORD_HASHERS = importlib.import_module("config.settings").PASSWORD_HASHERS


@pytest.fixture
def two_servers(tmp_path):
    require_postgresql()
    media = tmp_path / "shared-media"
    media.mkdir()
    servers = []
    try:
        for letter in "ab":
            servers.append(AppServer(media, tmp_path / f"gunicorn-{letter}.log"))
        for server in servers:
            server.wait_until_healthy()
        yield servers
    finally:
        for server in servers:
            server.stop()


@pytest.fixture
def two_workers(two_servers, tmp_path):
    """Two `db_worker` processes against the same PostgreSQL and media folder as the servers."""
    media = tmp_path / "shared-media"
    command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.2"]
    workers = [AppServer(media, tmp_path / f"worker-{n}.log", command=command) for n in (1, 2)]
    try:
        yield workers
    finally:
        for worker in workers:
            worker.stop()


def csrf_token(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def sign_in(browser, server, username, password="test-password"):
    token = csrf_token(browser.get(f"{server.url}/login/", timeout=10).text)
    return browser.post(
        f"{server.url}/login/",
        data={"csrfmiddlewaretoken": token, "username": username, "password": password},
        allow_redirects=False,
        timeout=10,
    )


def test_it_serves_one_user_from_two_app_servers(two_servers):
    a, b = two_servers
    worker = factories.case_worker("TMF")
    factories.secretary("TMU")
    report = factories.complete_report(factories.report_for("TMF", worker))

    secretary = requests.Session()
    assert sign_in(secretary, b, "tmu-sekretaer").status_code == 302
    assert secretary.get(f"{b.url}/redegoerelser/{report.pk}/", timeout=10).status_code == 404

    browser = requests.Session()
    assert sign_in(browser, a, "tmf-sagsbehandler").status_code == 302
    submit_page = browser.get(f"{a.url}/redegoerelser/{report.pk}/indsend/", timeout=10)
    assert submit_page.status_code == 200
    response = browser.post(
        f"{a.url}/redegoerelser/{report.pk}/indsend/",
        data={"csrfmiddlewaretoken": csrf_token(submit_page.text)},
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 302

    # The session made by A is good on B; so is the report A submitted.
    page = browser.get(f"{b.url}/redegoerelser/{report.pk}/", timeout=10)
    assert page.status_code == 200
    assert "Teknik- og Miljøforvaltningen" in page.text
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    factories.backdate_submission(report)  # before the meeting of 22.04.2009 below
    # The committee's secretary, signed in on B, now sees it there and on A.
    assert secretary.get(f"{b.url}/redegoerelser/{report.pk}/", timeout=10).status_code == 200
    assert secretary.get(f"{a.url}/redegoerelser/{report.pk}/", timeout=10).status_code == 200
    assert Report.objects.filter(pk=report.pk, status=ReportStatus.SUBMITTED).count() == 1

    # The secretary approves on B; A shows the approval and serves the PDF archived by B.
    decision_page = secretary.get(f"{b.url}/redegoerelser/{report.pk}/beslutning/", timeout=10)
    assert decision_page.status_code == 200
    version = re.search(r'name="version" value="(\d+)"', decision_page.text).group(1)
    response = secretary.post(
        f"{b.url}/redegoerelser/{report.pk}/beslutning/",
        data={
            "csrfmiddlewaretoken": csrf_token(decision_page.text),
            "version": version,
            "after_decision": "",
            "meeting_date": "22.04.2009",
            "outcome": "approved",
            "decision_text": "Indstillingen blev godkendt.",
            "confirmed": "1",
        },
        allow_redirects=False,
        timeout=60,
    )
    assert response.status_code == 302
    page = browser.get(f"{a.url}/redegoerelser/{report.pk}/", timeout=10)
    assert "Godkendt af Teknik- og Miljøudvalget den 22.04.2009" in page.text
    archive = re.search(r'href="(/redegoerelser/\d+/arkiv/\d+/pdf/)"', page.text).group(1)
    pdf = browser.get(f"{a.url}{archive}", timeout=10)
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")


def test_it_counts_sign_in_failures_across_app_servers(two_servers, settings):
    a, b = two_servers
    factories.case_worker("TMF")
    attacker = requests.Session()
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        server = (a, b)[attempt % 2]
        sign_in(attacker, server, "tmf-sagsbehandler", password="forkert")
    for server in (a, b):
        response = sign_in(requests.Session(), server, "tmf-sagsbehandler")
        assert response.status_code == 429
        assert "Log ind er midlertidigt spærret" in response.text


def test_it_runs_two_simultaneous_export_requests_as_one_job(two_servers, two_workers):
    from concurrent.futures import ThreadPoolExecutor

    from redegorelse.models import StatusReportExport

    a, b = two_servers
    factories.ReportingRoundFactory(year=2009)
    sessions = []
    for username, server in [("bif-en", a), ("bif-to", b)]:
        factories.bif_staff(username=username)
        session = requests.Session()
        assert sign_in(session, server, username).status_code == 302
        page = session.get(f"{server.url}/redegoerelser/runder/2009/statusrapport/", timeout=10)
        assert page.status_code == 200
        sessions.append((session, server, csrf_token(page.text)))

    def press_export(args):
        session, server, token = args
        return session.post(
            f"{server.url}/redegoerelser/runder/2009/statusrapport/eksport/",
            data={"csrfmiddlewaretoken": token, "edition": "draft"},
            allow_redirects=False,
            timeout=60,
        )

    with ThreadPoolExecutor(max_workers=2) as pool:
        responses = list(pool.map(press_export, sessions))
    assert [r.status_code for r in responses] == [302, 302]
    assert all("?eksport=" in r.headers["Location"] for r in responses)
    assert StatusReportExport.objects.count() == 1
    export = StatusReportExport.objects.get()

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        export.refresh_from_db()
        if export.status in {"done", "failed"}:
            break
        time.sleep(0.5)
    assert export.status == "done", export.error
    # Both see the one finished export, and either server serves the file the worker wrote.
    for session, server, _token in sessions:
        pdf = session.get(f"{server.url}/redegoerelser/runder/2009/statusrapport/{export.pk}/pdf/", timeout=30)
        assert pdf.status_code == 200
        assert pdf.content.startswith(b"%PDF")
    assert StatusReportExport.objects.count() == 1
