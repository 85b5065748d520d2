"""One person per access relationship: a case worker of TMF and one of BUF, TMU's secretary,
BIF staff, an administrator and a signed-in user with no role at all."""

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.utils import translation

from pdfua import check as pdfua_check
from pdfua import tags as pdfua_tags
from tests import factories


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashing costs ~0.3 s a user; the tests are not about password strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def every_pdf_is_checked(request, monkeypatch):
    """Every PDF the application writes in a test (report, archived approval, statusrapport) goes
    through pdfua.tags.finish; here our PDF/UA check runs on each and fails the test on a problem.
    `@pytest.mark.unchecked_pdf` turns it off for tests that build faulty PDFs on purpose."""
    if request.node.get_closest_marker("unchecked_pdf"):
        return
    original = pdfua_tags.finish

    def checked(pdf, created=None):
        data = original(pdf, created)
        problems = pdfua_check.check(data)
        assert not problems, "PDF/UA-check: " + "; ".join(str(p) for p in problems[:10])
        return data

    monkeypatch.setattr(pdfua_tags, "finish", checked)


@pytest.fixture(autouse=True)
def empty_process_cache():
    """Every test starts with this process's cache empty, as a new server process does (it holds the
    barometer's charts: barometer/chart_cache.py), so no test sees another test's charts."""
    caches["default"].clear()


@pytest.fixture(autouse=True)
def danish_to_begin_with():
    """Every test starts in the site's language, Danish. A request through the test client leaves
    the language it chose (LocaleMiddleware) active in the thread, so without this a test's code
    run outside a request would speak the language of whichever test ran before it in the process
    (in parallel runs the order differs from run to run)."""
    with translation.override(django_settings.LANGUAGE_CODE):
        yield


@pytest.fixture
def tmf_worker(db):
    return factories.case_worker("TMF")


@pytest.fixture
def buf_worker(db):
    return factories.case_worker("BUF")


@pytest.fixture
def tmu_secretary(db):
    return factories.secretary("TMU")


@pytest.fixture
def bif_user(db):
    return factories.bif_staff()


@pytest.fixture
def admin_user(db):
    return factories.administrator()


@pytest.fixture
def roleless_user(db):
    return factories.UserFactory(username="uden-rolle")


@pytest.fixture
def client_for(client):
    """client_for(user) signs the test client in as that user."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in
