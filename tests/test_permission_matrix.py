"""Every URL of the application × every role × own or other department/committee: allowed or
denied, cell by cell. A URL that the matrix does not list fails the last test, so a new page
cannot arrive without deciding who may use it."""

import datetime

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from redegorelse import workflow
from redegorelse.models import Attachment, Outcome
from tests import factories

ROLES = ["anonymous", "tmf_worker", "buf_worker", "tmu_secretary", "buu_secretary", "bif", "admin", "no_role"]
A, L, N, F = "allowed", "login", "404", "403"

# name: (object the URL is about, method, expected per role in ROLES order)
MATRIX = {
    "home:home": (None, "get", [L, A, A, A, A, A, A, A]),
    "home:overview": (None, "get", [L, F, F, F, F, A, A, F]),
    "home:department-detail": ("department", "get", [L, A, N, N, N, A, A, N]),
    "home:committee-detail": ("committee", "get", [L, N, N, A, N, A, A, N]),
    "login": (None, "get", [A, A, A, A, A, A, A, A]),
    # Logging out always ends on the login page.
    "logout": (None, "post", [L, L, L, L, L, L, L, L]),
    "password_change": (None, "get", [L, A, A, A, A, A, A, A]),
    "password_change_done": (None, "get", [L, A, A, A, A, A, A, A]),
    "accessibility": (None, "get", [A, A, A, A, A, A, A, A]),
    "set_language": (None, "post", [A, A, A, A, A, A, A, A]),
    "redegorelse:report-create": ("department", "post", [L, A, N, N, N, F, F, N]),
    "redegorelse:resume": (None, "get", [L, A, A, A, A, A, A, A]),
    "redegorelse:report-detail": ("draft", "get", [L, A, N, N, N, A, A, N]),
    "redegorelse:report-history": ("draft", "get", [L, A, N, N, N, A, A, N]),
    "redegorelse:report-pdf": ("draft", "get", [L, A, N, N, N, A, A, N]),
    "redegorelse:report-edit": ("draft", "get", [L, A, N, N, N, F, F, N]),
    "redegorelse:report-assessments": ("draft", "get", [L, A, N, N, N, F, F, N]),
    "redegorelse:report-initiatives": ("draft", "get", [L, A, N, N, N, F, F, N]),
    "redegorelse:initiative-form": ("draft", "get", [L, A, N, N, N, F, F, N]),
    "redegorelse:report-autosave": ("draft-section", "post", [L, A, N, N, N, F, F, N]),
    "redegorelse:report-submit": ("draft", "get", [L, A, N, N, N, F, F, N]),
    "redegorelse:attachment-list": ("draft", "get", [L, A, N, N, N, A, A, N]),
    "redegorelse:attachment-download": ("attachment", "get", [L, A, N, N, N, A, A, N]),
    "redegorelse:attachment-edit": ("attachment", "get", [L, A, N, N, N, F, F, N]),
    "redegorelse:attachment-move": ("attachment", "post", [L, A, N, N, N, F, F, N]),
    "redegorelse:attachment-delete": ("attachment", "post", [L, A, N, N, N, F, F, N]),
    "redegorelse:report-resume-editing": ("returned", "post", [L, A, N, F, N, F, F, N]),
    "redegorelse:decision-create": ("submitted", "get", [L, F, N, A, N, F, F, N]),
    "redegorelse:report-reopen": ("approved", "get", [L, F, N, F, N, A, A, N]),
    "redegorelse:snapshot-pdf": ("snapshot", "get", [L, A, N, A, N, A, A, N]),
    "redegorelse:snapshot-verify": ("snapshot", "get", [L, A, N, A, N, A, A, N]),
    "redegorelse:round-list": (None, "get", [L, F, F, F, F, A, A, F]),
    "redegorelse:round-create": (None, "get", [L, F, F, F, F, A, A, F]),
    "redegorelse:round-detail": ("round", "get", [L, F, F, F, F, A, A, F]),
    "redegorelse:round-edit": ("round", "get", [L, F, F, F, F, A, A, F]),
    "redegorelse:notification-list": (None, "get", [L, A, A, A, A, A, A, A]),
    "redegorelse:statusreport": ("round", "get", [L, F, F, F, F, A, A, F]),
    "redegorelse:statusreport-export": ("round", "post", [L, F, F, F, F, A, A, F]),
    "redegorelse:statusreport-introduction": ("round", "post", [L, F, F, F, F, A, A, F]),
    "redegorelse:statusreport-workbook": ("round", "get", [L, F, F, F, F, A, A, F]),
    "redegorelse:statusreport-progress": ("statusreport-export", "get", [L, F, F, F, F, A, A, F]),
    "redegorelse:statusreport-cancel": ("statusreport-export", "post", [L, F, F, F, F, A, A, F]),
    "redegorelse:statusreport-download": ("statusreport-export", "get", [L, F, F, F, F, A, A, F]),
    "organisation:access-log": (None, "get", [L, F, F, F, F, A, A, F]),
    "healthz": (None, "get", [A, A, A, A, A, A, A, A]),
    # Single sign-on answers 404 until it is configured (see tests/ops/test_oidc.py).
    "oidc_authentication_init": (None, "get", [N, N, N, N, N, N, N, N]),
    "oidc_authentication_callback": (None, "get", [N, N, N, N, N, N, N, N]),
    "barometer:overview": (None, "get", [L, A, A, A, A, A, A, A]),
    "barometer:indicator-detail": ("indicator", "get", [L, A, A, A, A, A, A, A]),
    "barometer:department": ("department-code", "get", [L, A, N, N, N, A, A, N]),
    "barometer:status-help": (None, "get", [L, A, A, A, A, A, A, A]),
    "barometer:open-data": (None, "get", [L, A, A, A, A, A, A, A]),
    "barometer:measurement-create": (None, "get", [L, F, F, F, F, A, A, F]),
    "barometer:import": (None, "get", [L, F, F, F, F, A, A, F]),
    "barometer:import-confirm": (None, "post", [L, F, F, F, F, A, A, F]),
    "barometer:export": (None, "get", [L, F, F, F, F, A, A, F]),
    "barometer:policy-list": (None, "get", [L, F, F, F, F, A, A, F]),
    "barometer:policy-create": (None, "get", [L, F, F, F, F, A, A, F]),
    "barometer:policy-detail": ("policy", "get", [L, F, F, F, F, A, A, F]),
    "barometer:policy-edit": ("policy", "get", [L, F, F, F, F, A, A, F]),
    "barometer:goal-create": ("policy", "get", [L, F, F, F, F, A, A, F]),
    "barometer:goal-edit": ("goal", "get", [L, F, F, F, F, A, A, F]),
    "barometer:indicator-create": (None, "get", [L, F, F, F, F, A, A, F]),
    "barometer:indicator-edit": ("indicator", "get", [L, F, F, F, F, A, A, F]),
    "redegorelse:statusreport-verify": ("statusreport-export", "get", [L, F, F, F, F, A, A, F]),
}
# Django's admin has its own staff permissions and is tested in tests/test_admin.py.
NOT_IN_MATRIX = {"admin"}


@pytest.fixture
def people(db):
    return {
        "anonymous": None,
        "tmf_worker": factories.case_worker("TMF"),
        "buf_worker": factories.case_worker("BUF"),
        "tmu_secretary": factories.secretary("TMU"),
        "buu_secretary": factories.secretary("BUU"),
        "bif": factories.bif_staff(),
        "admin": factories.administrator(),
        "no_role": factories.UserFactory(username="uden-rolle"),
    }


def report_in(year, people, status):
    """A TMF report of `year` taken to `status` the way the workflow does it."""
    worker, secretary = people["tmf_worker"], people["tmu_secretary"]
    report = factories.report_for("TMF", worker, year=year)
    if status == "draft":
        return report
    workflow.submit(factories.complete_report(report), by=worker)
    factories.backdate_submission(report, datetime.date(year, 3, 25))
    if status != "submitted":
        outcome = {"returned": Outcome.RETURNED, "approved": Outcome.APPROVED}[status]
        workflow.record_decision(
            report,
            by=secretary,
            version=report.version,
            after_decision=None,
            meeting_date=datetime.date(year, 4, 22),
            outcome=outcome,
            decision_text="x",
            reasons=[("general", "Uklar.")] if outcome == Outcome.RETURNED else [],
        )
        report.refresh_from_db()
    return report


def url_for(name, subject, people):
    """The URL with real objects, and the POST data it needs."""
    from organisation.models import Committee

    if subject is None:
        return reverse(name), {}
    if subject == "department":
        round = factories.ReportingRoundFactory(year=2011)
        return reverse(name, args=["TMF"]), {"round": round.pk}
    if subject == "department-code":
        return reverse(name, args=["TMF"]), {}
    if subject == "indicator":
        from tests.barometer.factories import IndicatorFactory

        return reverse(name, args=[IndicatorFactory(code="B1").code]), {}
    if subject in {"policy", "goal"}:
        from barometer.models import Goal, Policy

        policy = Policy.objects.create(name="Integrationspolitik", start_year=2011, end_year=2014)
        if subject == "policy":
            return reverse(name, args=[policy.pk]), {}
        goal = Goal.objects.create(policy=policy, number=1, area="Beskæftigelse", text="Flere i job.", target_text="x")
        return reverse(name, args=[goal.pk]), {}
    if subject == "committee":
        return reverse(name, args=[Committee.objects.get(abbreviation="TMU").abbreviation]), {}
    if subject == "round":
        return reverse(name, args=[factories.ReportingRoundFactory(year=2009).year]), {}
    if subject == "statusreport-export":
        from django.core.files.base import ContentFile

        from redegorelse.models import StatusReportExport

        export = StatusReportExport.objects.create(
            round=factories.ReportingRoundFactory(year=2009), edition="draft", status="done", sha256="0" * 64
        )
        export.file.save("statusrapport.pdf", ContentFile(b"%PDF-1.4"))
        return reverse(name, args=[2009, export.pk]), {}
    if subject in {"draft", "draft-section", "attachment"}:
        report = report_in(2009, people, "draft")
        if subject == "draft":
            return reverse(name, args=[report.pk]), {}
        if subject == "draft-section":
            return reverse(name, args=[report.pk, "indstilling"]), {"version": report.version}
        attachment = Attachment.objects.create(
            report=report,
            position=1,
            title="Bilag",
            file="bilag/x.pdf",
            original_name="x.pdf",
            kind="pdf",
            size=1,
            sha256="0" * 64,
            uploaded_by=people["tmf_worker"],
        )
        return reverse(name, args=[report.pk, attachment.pk]), {"direction": "up"}
    if subject == "snapshot":
        report = report_in(2009, people, "approved")
        snapshot = report.decisions.get().snapshot
        return reverse(name, args=[report.pk, snapshot.pk]), {}
    report = report_in(2009, people, subject)
    return reverse(name, args=[report.pk]), {}


def outcome_of(response):
    if response.status_code in (403, 404):
        return str(response.status_code)
    if response.status_code == 302 and response.url.startswith("/login/"):
        return L
    assert response.status_code < 400, response.status_code
    return A


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_it_allows_and_denies_each_role(name, people, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "bilag").mkdir()
    (tmp_path / "bilag" / "x.pdf").write_bytes(b"%PDF-1.4")
    subject, method, expected = MATRIX[name]
    url, data = url_for(name, subject, people)
    # Denied cells first: they must change nothing, so the allowed ones still find the object.
    cells = sorted(zip(ROLES, expected, strict=True), key=lambda cell: cell[1] == A)
    seen = {}
    for role, _want in cells:
        client.logout()
        if people[role]:
            client.force_login(people[role])
        seen[role] = outcome_of(getattr(client, method)(url, data))
    assert seen == dict(zip(ROLES, expected, strict=True))


def all_url_names(patterns=None, namespace=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from all_url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_it_lists_every_url_of_the_application():
    names = {name for name in all_url_names() if name.split(":")[0] not in NOT_IN_MATRIX}
    assert names - set(MATRIX) == set(), "Add these URLs to the permission matrix"
    assert set(MATRIX) - names == set(), "These URLs no longer exist"
