"""The political half: submission to the committee, decisions on exact versions, send-back and
resubmission, the frozen approved report, BIF's rounds and progress, notifications, reminders."""

import datetime
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from redegorelse import workflow
from redegorelse.models import (
    Attachment,
    Decision,
    Edition,
    ExportStatus,
    GoalAssessment,
    Notification,
    Reminder,
    Report,
    ReportingRound,
    ReportRevision,
    ReportStatus,
    StatusReportExport,
)
from tests import factories
from tests.needs import require_postgresql

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    # Notification e-mails go through the task queue; here they are sent at once.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def submitted(tmf_worker, tmu_secretary, django_capture_on_commit_callbacks):
    report = factories.complete_report(factories.report_for("TMF", tmf_worker))
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(report, by=tmf_worker)
    return factories.backdate_submission(report)


def decide(client, report, outcome="approved", **extra):
    latest = report.decisions.order_by("-pk").first()
    data = {
        "version": report.version,
        "after_decision": latest.pk if latest else "",
        "meeting_date": "22.04.2009",
        "outcome": outcome,
        "decision_text": "",
        "confirmed": "1",
        **extra,
    }
    return client.post(reverse("redegorelse:decision-create", args=[report.pk]), data)


# -- the secretary's view -----------------------------------------------------------------------------


def test_it_renders_the_approval_pdf_before_locking_the_report(client_for, tmu_secretary, submitted, monkeypatch):
    """The approval PDF takes seconds: it is rendered before the row is locked, not under the lock."""
    order = []
    render, lock = workflow.render_approval, Report.locked

    def rendering(report, decision):
        order.append("render")
        return render(report, decision)

    def locking(self, *allowed):
        order.append("lock")
        return lock(self, *allowed)

    monkeypatch.setattr(workflow, "render_approval", rendering)
    monkeypatch.setattr(Report, "locked", locking)
    assert decide(client_for(tmu_secretary), submitted).status_code == 302
    assert order == ["render", "lock"]
    assert Decision.objects.get(report=submitted).snapshot.pdf_sha256


def test_it_refuses_an_approval_when_the_report_changed_while_its_pdf_was_rendered(
    client_for, tmu_secretary, submitted, monkeypatch
):
    """Another version appearing between the rendering and the lock: nothing is recorded, and the
    secretary is told why in Danish."""
    render = workflow.render_approval

    def rendering_while_someone_changes_it(report, decision):
        rendered = render(report, decision)
        Report.objects.filter(pk=report.pk).update(version=F("version") + 1)
        return rendered

    monkeypatch.setattr(workflow, "render_approval", rendering_while_someone_changes_it)
    response = decide(client_for(tmu_secretary), submitted)
    html = client_for(tmu_secretary).get(response.url).content.decode()
    assert "Redegørelsen blev ændret, mens godkendelsens PDF blev lavet, så beslutningen er ikke registreret." in html
    assert not Decision.objects.exists()
    assert Report.objects.get(pk=submitted.pk).status == ReportStatus.SUBMITTED


def test_it_lists_the_committees_indstillinger_by_state(client_for, tmu_secretary, submitted):
    html = client_for(tmu_secretary).get(reverse("home:committee-detail", args=["TMU"])).content.decode()
    assert "Venter på beslutning" in html
    assert submitted.title in html
    assert reverse("redegorelse:decision-create", args=[submitted.pk]) in html


def test_it_shows_the_submitted_version_and_prefills_the_kk_phrase(client_for, tmu_secretary, submitted):
    response = client_for(tmu_secretary).get(reverse("redegorelse:decision-create", args=[submitted.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Indstillingen blev godkendt." in html
    assert f'name="version" value="{submitted.version}"' in html
    assert "Problemstillingen." in html  # the report as submitted


@pytest.mark.parametrize("who", ["tmf_worker", "bif_user"])
def test_it_refuses_the_decision_page_to_others_who_can_read_the_report(client_for, request, submitted, who):
    client = client_for(request.getfixturevalue(who))
    assert client.get(reverse("redegorelse:decision-create", args=[submitted.pk])).status_code == 403
    assert decide(client, submitted).status_code == 403
    assert not Decision.objects.exists()


def test_it_hides_the_decision_page_from_another_committee(client_for, submitted):
    client = client_for(factories.secretary("BUU"))
    assert client.get(reverse("redegorelse:decision-create", args=[submitted.pk])).status_code == 404


def test_it_approves_archives_and_notifies(
    client_for, tmu_secretary, tmf_worker, bif_user, submitted, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(client_for(tmu_secretary), submitted)
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.APPROVED
    decision = Decision.objects.get()
    assert decision.submission.version == submitted.version - 1
    assert decision.block_heading == "Teknik- og Miljøudvalgets beslutning den 22.04.2009"
    assert decision.snapshot.pdf_sha256
    assert all(ok for _label, ok in decision.snapshot.verify())
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([tmf_worker.email, bif_user.email])
    message = mail.outbox[0]
    assert "Indstillingen blev godkendt." in message.body
    assert message.alternatives[0][1] == "text/html"
    assert f"/redegoerelser/{submitted.pk}/" in message.body
    page = client_for(tmf_worker).get(reverse("redegorelse:report-detail", args=[submitted.pk])).content.decode()
    assert "Godkendt af Teknik- og Miljøudvalget den 22.04.2009" in page
    assert "Teknik- og Miljøudvalgets beslutning den 22.04.2009" in page


def test_it_records_one_decision_for_a_double_click(client_for, tmu_secretary, submitted):
    client = client_for(tmu_secretary)
    form_version = submitted.version
    decide(client, submitted, outcome="postponed", decision_text="")
    # The second click posts the very same form again.
    data = {
        "version": form_version,
        "after_decision": "",
        "meeting_date": "22.04.2009",
        "outcome": "postponed",
        "decision_text": "",
    }
    response = client.post(reverse("redegorelse:decision-create", args=[submitted.pk]), data, follow=True)
    assert Decision.objects.count() == 1
    assert "Beslutningen er allerede registreret" in response.content.decode()
    assert Decision.objects.get().decision_text == "Sagen blev udsat."


def test_it_requires_reasons_pinned_to_sections_to_send_back(client_for, tmu_secretary, submitted):
    client = client_for(tmu_secretary)
    response = decide(client, submitted, outcome="returned", decision_text="")
    assert response.status_code == 400
    assert "Skriv mindst én begrundelse" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.SUBMITTED
    decide(client, submitted, outcome="returned", decision_text="", reason_problem="Mangler tal fra barometeret.")
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.RETURNED
    reason = Decision.objects.get().reasons.get()
    assert (reason.section, reason.text) == ("problem", "Mangler tal fra barometeret.")


def test_it_requires_the_changes_when_approving_with_changes(client_for, tmu_secretary, submitted):
    response = decide(client_for(tmu_secretary), submitted, outcome="approved_with_changes", decision_text="")
    assert response.status_code == 400
    assert not Decision.objects.exists()


def test_it_refuses_a_meeting_date_in_the_wrong_format(client_for, tmu_secretary, submitted):
    response = decide(client_for(tmu_secretary), submitted, meeting_date="2009-13-45")
    assert response.status_code == 400
    assert not Decision.objects.exists()


def test_it_binds_a_new_decision_to_the_resubmitted_version(
    client_for, tmu_secretary, tmf_worker, submitted, django_capture_on_commit_callbacks
):
    secretary = client_for(tmu_secretary)
    with django_capture_on_commit_callbacks(execute=True):
        decide(secretary, submitted, outcome="returned", decision_text="", reason_economy="Økonomien er uklar.")
    assert "Økonomien er uklar." in mail.outbox[-1].body
    submitted.refresh_from_db()
    worker = client_for(tmf_worker)
    worker.post(reverse("redegorelse:report-resume-editing", args=[submitted.pk]))
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.DRAFT
    Report.objects.filter(pk=submitted.pk).update(economy="Finansieret af Landsbyggefonden.")
    submitted.refresh_from_db()
    workflow.submit(submitted, by=tmf_worker)
    factories.backdate_submission(submitted, datetime.date(2009, 5, 4))
    secretary = client_for(tmu_secretary)
    page = secretary.get(reverse("redegorelse:decision-create", args=[submitted.pk])).content.decode()
    assert "Ændret siden udvalget sidst så indstillingen" in page
    assert "<ins>Finansieret" in page
    decide(secretary, submitted, meeting_date="20.05.2009")
    first, second = Decision.objects.order_by("pk")
    assert (first.outcome, second.outcome) == ("returned", "approved")
    assert second.submission.version > first.submission.version
    assert second.submission.content["report"]["economy"] == "Finansieret af Landsbyggefonden."


# -- the state machine --------------------------------------------------------------------------------


def test_it_refuses_every_invalid_transition_and_changes_nothing(tmf_worker, tmu_secretary, bif_user, submitted):
    version = submitted.version
    with pytest.raises(ValidationError):
        workflow.submit(submitted, by=tmf_worker)  # already submitted
    with pytest.raises(ValidationError):
        workflow.resume_editing(submitted, by=tmf_worker)  # not returned
    with pytest.raises(ValidationError):
        workflow.reopen(submitted, by=bif_user, reason="x")  # not approved
    with pytest.raises(ValidationError):
        workflow.record_decision(
            submitted,
            by=tmf_worker,
            version=version,
            after_decision=None,
            meeting_date=datetime.date(2009, 4, 22),
            outcome="approved",
            decision_text="x",
        )  # a case worker cannot decide
    with pytest.raises(ValidationError):
        workflow.record_decision(
            submitted,
            by=tmu_secretary,
            version=version - 1,
            after_decision=None,
            meeting_date=datetime.date(2009, 4, 22),
            outcome="approved",
            decision_text="x",
        )  # a stale version
    submitted.refresh_from_db()
    assert (submitted.status, submitted.version) == (ReportStatus.SUBMITTED, version)
    assert not Decision.objects.exists()


def test_it_writes_an_event_for_each_transition(tmf_worker, tmu_secretary, submitted):
    workflow.record_decision(
        submitted,
        by=tmu_secretary,
        version=submitted.version,
        after_decision=None,
        meeting_date=datetime.date(2009, 4, 22),
        outcome="postponed",
        decision_text="Sagen blev udsat.",
    )
    events = list(ReportRevision.objects.filter(report=submitted, to_status__gt="").order_by("pk"))
    assert [(e.from_status, e.to_status, e.by) for e in events] == [
        ("draft", "submitted", tmf_worker),
        ("submitted", "postponed", tmu_secretary),
    ]
    assert events[-1].comment == "Sagen blev udsat."


def test_it_keeps_a_postponed_report_with_the_committee(client_for, tmu_secretary, submitted):
    client = client_for(tmu_secretary)
    decide(client, submitted, outcome="postponed", decision_text="")
    submitted.refresh_from_db()
    html = client.get(reverse("home:committee-detail", args=["TMU"])).content.decode()
    assert "Udsat" in html
    decide(client, submitted)
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.APPROVED
    assert Decision.objects.count() == 2


def test_it_refuses_resume_editing_to_other_departments(client_for, tmu_secretary, buf_worker, submitted):
    decide(client_for(tmu_secretary), submitted, outcome="returned", decision_text="", reason_general="Uklar.")
    assert (
        client_for(buf_worker).post(reverse("redegorelse:report-resume-editing", args=[submitted.pk])).status_code
        == 404
    )
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.RETURNED


# -- approved means frozen -------------------------------------------------------------------------


@pytest.fixture
def approved(client_for, tmu_secretary, submitted):
    decide(client_for(tmu_secretary), submitted)
    submitted.refresh_from_db()
    return submitted


def test_it_refuses_changes_to_an_approved_report_through_views(client_for, tmf_worker, approved):
    client = client_for(tmf_worker)
    data = {f: getattr(approved, f) for f in Report.CONTENT_FIELDS} | {"version": approved.version, "problem": "Ny"}
    client.post(reverse("redegorelse:report-edit", args=[approved.pk]), data)
    response = client.post(
        reverse("redegorelse:attachment-list", args=[approved.pk]), {"title": "x", "file": io.BytesIO(b"%PDF-")}
    )
    assert response.status_code == 403
    approved.refresh_from_db()
    assert approved.problem == "Problemstillingen."


def test_it_refuses_changes_to_an_approved_report_through_model_methods(tmf_worker, approved):
    with pytest.raises(ValidationError):
        approved.save_content({"problem": "Ny"}, expected_version=approved.version, by=tmf_worker)
    with pytest.raises(ValidationError):
        workflow.submit(approved, by=tmf_worker)


def test_it_refuses_changes_to_an_approved_report_in_the_admin(client_for, admin_user, approved):
    client = client_for(admin_user)
    url = reverse("admin:redegorelse_report_change", args=[approved.pk])
    html = client.get(url).content.decode()
    assert 'name="problem"' not in html  # shown read-only
    client.post(url, {"problem": "Ændret i admin"})
    assert (
        client.post(reverse("admin:redegorelse_report_delete", args=[approved.pk]), {"post": "yes"}).status_code == 403
    )
    approved.refresh_from_db()
    assert approved.problem == "Problemstillingen."


def test_it_refuses_changes_to_an_approved_report_in_the_database(approved):
    """The database guard: even raw SQL cannot change an approved report or its parts."""
    require_postgresql()  # the database guard is PostgreSQL's
    for sql, params in [
        ("UPDATE redegorelse_report SET problem = %s WHERE id = %s", ["Ændret", approved.pk]),
        ("DELETE FROM redegorelse_report WHERE id = %s", [approved.pk]),
        ("UPDATE redegorelse_goalassessment SET reasons = %s WHERE report_id = %s", ["x", approved.pk]),
    ]:
        with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    approved.refresh_from_db()
    assert approved.problem == "Problemstillingen."
    assert not GoalAssessment.objects.filter(report=approved, reasons="x").exists()


def test_it_verifies_the_snapshot_and_notices_a_changed_bilag(client_for, tmf_worker, approved, settings):
    snapshot = Decision.objects.get().snapshot
    url = reverse("redegorelse:snapshot-verify", args=[approved.pk, snapshot.pk])
    assert "Alt stemmer" in client_for(tmf_worker).get(url).content.decode()
    pdf = client_for(tmf_worker).get(reverse("redegorelse:snapshot-pdf", args=[approved.pk, snapshot.pk]))
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    (settings.MEDIA_ROOT / snapshot.pdf.name).write_bytes(b"%PDF-forfalsket")
    assert "Noget er ændret siden godkendelsen" in client_for(tmf_worker).get(url).content.decode()


def test_it_hides_the_archive_from_other_departments(client_for, buf_worker, approved):
    snapshot = Decision.objects.get().snapshot
    client = client_for(buf_worker)
    assert client.get(reverse("redegorelse:snapshot-verify", args=[approved.pk, snapshot.pk])).status_code == 404
    assert client.get(reverse("redegorelse:snapshot-pdf", args=[approved.pk, snapshot.pk])).status_code == 404


def test_it_lets_only_bif_reopen_an_approved_report_as_a_new_version(client_for, bif_user, tmf_worker, approved):
    url = reverse("redegorelse:report-reopen", args=[approved.pk])
    assert client_for(tmf_worker).post(url, {"reason": "x"}).status_code == 403
    client = client_for(bif_user)
    assert client.post(url, {"reason": ""}).status_code == 200  # the form again, with the error
    approved.refresh_from_db()
    assert approved.status == ReportStatus.APPROVED
    client.post(url, {"reason": "Nye tal fra barometeret skal med."})
    approved.refresh_from_db()
    assert approved.status == ReportStatus.DRAFT
    assert all(ok for _label, ok in Decision.objects.get().snapshot.verify())  # the approved snapshot stays
    event = ReportRevision.objects.filter(report=approved).latest("pk")
    assert (event.kind, event.comment) == ("reopened", "Nye tal fra barometeret skal med.")


# -- BIF: rounds and progress ----------------------------------------------------------------------


def test_it_lets_bif_open_a_round_with_a_department_deadline(client_for, bif_user):
    from organisation.models import Department

    tmf = Department.objects.get(abbreviation="TMF")
    data = {"year": 2010, "submission_deadline": "31.03.2010", "statusreport_due": "01.06.2010"}
    data[f"deadline_{tmf.pk}"] = "15.04.2010"
    response = client_for(bif_user).post(reverse("redegorelse:round-create"), data)
    assert response.status_code == 302
    round = ReportingRound.objects.get(year=2010)
    assert round.deadline_for(tmf) == datetime.date(2010, 4, 15)
    assert round.deadline_for(Department.objects.get(abbreviation="BUF")) == datetime.date(2010, 3, 31)


def test_it_refuses_a_round_with_bad_dates(client_for, bif_user):
    response = client_for(bif_user).post(
        reverse("redegorelse:round-create"), {"year": 2010, "submission_deadline": "31-31-2010"}
    )
    assert response.status_code == 400
    assert not ReportingRound.objects.exists()


@pytest.mark.parametrize("name", ["round-list", "round-create"])
def test_it_refuses_round_pages_to_other_roles(client_for, tmf_worker, tmu_secretary, name):
    for user in [tmf_worker, tmu_secretary]:
        assert client_for(user).get(reverse(f"redegorelse:{name}")).status_code == 403


def test_it_shows_progress_with_overdue_highlighted(client_for, bif_user, tmf_worker):
    """In an open round (this year's) a department past its deadline is overdue."""
    today = timezone.localdate()
    factories.ReportingRoundFactory(year=today.year, submission_deadline=today - datetime.timedelta(days=3))
    workflow.submit(factories.complete_report(factories.report_for("TMF", tmf_worker, year=today.year)), by=tmf_worker)
    factories.report_for("BUF", factories.case_worker("BUF"), year=today.year)
    url = reverse("redegorelse:round-detail", args=[today.year])
    html = client_for(bif_user).get(url).content.decode()
    assert html.count('class="is-overdue"') == 6  # every department but TMF, which submitted
    assert "3 dage over" in html
    assert "er afsluttet" not in html
    assert "state-mark--submitted" in html
    filtered = client_for(bif_user).get(url, {"maal": 3}).content.decode()
    assert "vurdering af mål 3: Bolig" in filtered


def test_it_shows_a_past_round_as_closed_not_overdue(client_for, bif_user, submitted):
    """The 2009 round ended with 2009: it shows how each department ended, not thousands of days over."""
    factories.report_for("BUF", factories.case_worker("BUF"))
    for url in [reverse("redegorelse:round-detail", args=[2009]), reverse("home:overview")]:
        html = client_for(bif_user).get(url).content.decode()
        assert "Runden 2009 er afsluttet</strong>: året 2009 er slut." in html
        assert "dage over" not in html and 'class="is-overdue"' not in html
        assert "state-mark--submitted" in html and "state-mark--draft" in html


def test_it_closes_a_round_when_its_final_statusrapport_is_made(client_for, bif_user, tmf_worker):
    today = timezone.localdate()
    round = factories.ReportingRoundFactory(year=today.year, submission_deadline=today - datetime.timedelta(days=3))
    url = reverse("redegorelse:round-detail", args=[today.year])
    assert "dage over" in client_for(bif_user).get(url).content.decode()
    StatusReportExport.objects.create(
        round=round, edition=Edition.FINAL, status=ExportStatus.DONE, input_hash="0" * 64, finished_at=timezone.now()
    )
    html = client_for(bif_user).get(url).content.decode()
    assert f"den endelige statusrapport blev lavet {today:%d.%m.%Y}" in html
    assert "dage over" not in html


def test_it_keeps_the_progress_queries_constant(client_for, bif_user, django_assert_max_num_queries):
    round = factories.ReportingRoundFactory(year=2009)
    factories.report_for("TMF", factories.case_worker("TMF"))
    client = client_for(bif_user)
    url = reverse("redegorelse:round-detail", args=[2009])
    client.get(url, {"maal": 3})
    with django_assert_max_num_queries(20) as few:
        client.get(url, {"maal": 3})
    for abbreviation in ["ØKF", "BUF", "KFF", "SUF", "SOF", "BIF"]:
        factories.report_for(abbreviation, factories.case_worker(abbreviation), year=round.year)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url, {"maal": 3})


# -- notifications and reminders -------------------------------------------------------------------


def test_it_tells_the_secretaries_about_a_submission(tmu_secretary, submitted):
    assert [m.to for m in mail.outbox] == [[tmu_secretary.email]]
    assert submitted.title in mail.outbox[0].subject
    assert Notification.objects.get(user=tmu_secretary).url == reverse(
        "redegorelse:decision-create", args=[submitted.pk]
    )


def test_it_lists_a_users_notifications_and_marks_them_read(client_for, tmu_secretary, tmf_worker, submitted):
    client = client_for(tmu_secretary)
    assert "Notifikationer (1 ny)" in client.get(reverse("home:home"), follow=True).content.decode()
    html = client.get(reverse("redegorelse:notification-list")).content.decode()
    assert submitted.title in html
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    assert submitted.title not in client_for(tmf_worker).get(reverse("redegorelse:notification-list")).content.decode()


def test_it_sends_each_reminder_once_however_often_it_runs(tmf_worker, django_capture_on_commit_callbacks):
    factories.ReportingRoundFactory(year=2009)
    out = io.StringIO()

    def run(today):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_reminders", "--today", today, stdout=out)

    run("17.03.2009")  # 14 days before 31.03
    run("17.03.2009")
    run("18.03.2009")
    assert Reminder.objects.filter(kind="14").count() == 7
    assert [m.to for m in mail.outbox] == [[tmf_worker.email]]
    assert "senest 31.03.2009" in mail.outbox[0].body
    run("01.04.2009")
    run("02.04.2009")
    assert Reminder.objects.filter(kind="overdue").count() == 7
    assert len(mail.outbox) == 2


@pytest.mark.parametrize("closed_by", ["final statusrapport", "year over"])
def test_it_sends_no_reminder_in_a_closed_round(tmf_worker, django_capture_on_commit_callbacks, closed_by):
    round = factories.ReportingRoundFactory(year=2009)
    if closed_by == "final statusrapport":
        StatusReportExport.objects.create(
            round=round,
            edition=Edition.FINAL,
            status=ExportStatus.DONE,
            input_hash="0" * 64,
            finished_at=timezone.now(),
        )
        today = "02.04.2009"  # two days past the deadline, in the round's own year
    else:
        today = "05.01.2010"
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--today", today, stdout=io.StringIO())
    assert not Reminder.objects.exists()
    assert mail.outbox == []


def test_it_sends_no_reminder_for_a_submitted_report(tmf_worker, submitted):
    mail.outbox.clear()
    call_command("send_reminders", "--today", "30.03.2009", stdout=io.StringIO())
    assert not Reminder.objects.filter(department__abbreviation="TMF").exists()
    assert mail.outbox == []


def test_it_refuses_a_malformed_date_for_reminders(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match=r"dd\.mm\.åååå"):
        call_command("send_reminders", "--today", "2009-03-30")


def test_it_keeps_approved_bilag_out_of_reach(client_for, tmf_worker, approved):
    require_postgresql()  # the database guard is PostgreSQL's
    attachment = Attachment(
        report=approved,
        title="x",
        file="bilag/x.pdf",
        original_name="x",
        kind="pdf",
        size=1,
        sha256="0",
        uploaded_by=tmf_worker,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        attachment.save()


def test_the_status_predicates_and_the_querysets_say_the_same(db):
    """The status vocabulary: each ReportQuerySet method selects exactly the reports whose
    predicate is true, and the sets are the ones the process (docs/domain.md) describes."""
    reports = {}
    for abbreviation, status in zip(["TMF", "BUF", "SOF", "KFF", "ØKF"], ReportStatus, strict=True):
        report = factories.report_for(abbreviation, factories.case_worker(abbreviation))
        Report.objects.filter(pk=report.pk).update(status=status)
        report.refresh_from_db()
        reports[status] = report
    expected = {
        "awaiting_decision": {"submitted", "postponed"},
        "seen_by_committee": {"submitted", "postponed", "approved", "returned"},
        "submitted": {"submitted", "postponed", "approved"},
    }
    for method, statuses in expected.items():
        assert {r.status for r in getattr(Report.objects, method)()} == statuses, method
        assert {s for s, r in reports.items() if getattr(r, f"is_{method}")} == statuses, method
    assert {s for s, r in reports.items() if r.is_decided} == {"approved", "returned", "postponed"}
