"""Transitions commit, then notify: notifications are written with the transition, e-mails leave
after commit from the task queue, a mail failure is retried, logged and shown to BIF, never a
500 for the person who clicked. E-mails are Danish whoever clicks, with absolute links."""

import smtplib
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from redegorelse import workflow
from redegorelse.models import Decision, EmailStatus, Notification, Report, ReportStatus, Submission
from redegorelse.notifications import send_notification_email
from tests import factories

pytestmark = pytest.mark.django_db
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def setup(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = IMMEDIATE
    settings.SITE_URL = "https://redegorelse.example.kk.dk"


@pytest.fixture
def complete(tmf_worker, tmu_secretary):
    return factories.complete_report(factories.report_for("TMF", tmf_worker))


def submit(client, report, capture):
    with capture(execute=True):
        return client.post(reverse("redegorelse:report-submit", args=[report.pk]))


def decide(client, report, capture, outcome="approved"):
    data = {
        "version": report.version,
        "after_decision": "",
        "meeting_date": timezone.localdate().strftime("%d.%m.%Y"),
        "outcome": outcome,
        "decision_text": "Indstillingen blev godkendt.",
        "confirmed": "1",
    }
    with capture(execute=True):
        return client.post(reverse("redegorelse:decision-create", args=[report.pk]), data)


def test_it_submits_and_decides_a_report_whose_title_holds_a_line_break(
    client_for, tmf_worker, tmu_secretary, bif_user, complete, django_capture_on_commit_callbacks
):
    """Issue 14 item 2: a title saved with CRLF (before titles were kept to one line) once made
    the e-mail raise BadHeaderError after the submission had committed."""
    Report.objects.filter(pk=complete.pk).update(title="BUF titel\r\nBcc: alle@example.com")
    response = submit(client_for(tmf_worker), complete, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert Submission.objects.filter(report=complete).exists()
    assert [m.to for m in mail.outbox] == [[tmu_secretary.email]]
    assert mail.outbox[0].subject == "Ny indstilling til TMU: BUF titel Bcc: alle@example.com"
    assert mail.outbox[0].message()["Bcc"] is None
    complete.refresh_from_db()
    response = decide(client_for(tmu_secretary), complete, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert Decision.objects.filter(report=complete).exists()
    assert Notification.objects.filter(email_status=EmailStatus.SENT).count() == 3  # secretary, TMF, BIF


def test_it_commits_the_decision_when_the_mail_server_is_down_and_tells_bif(
    client_for, tmf_worker, tmu_secretary, bif_user, complete, django_capture_on_commit_callbacks, caplog
):
    submit(client_for(tmf_worker), complete, django_capture_on_commit_callbacks)
    complete.refresh_from_db()
    with mock.patch(
        "django.core.mail.EmailMessage.send",
        side_effect=smtplib.SMTPServerDisconnected("Connection unexpectedly closed"),
    ):
        response = decide(client_for(tmu_secretary), complete, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    complete.refresh_from_db()
    assert complete.status == ReportStatus.APPROVED
    failed = Notification.objects.filter(email_status=EmailStatus.FAILED)
    assert {n.user_id for n in failed} == {tmf_worker.pk, bif_user.pk}
    assert "SMTPServerDisconnected" in failed.first().email_error
    assert "could not be sent" in caplog.text
    # The case worker still finds it in the app; BIF sees which e-mails did not arrive.
    assert Notification.objects.filter(user=tmf_worker, subject__contains=complete.title).exists()
    html = client_for(bif_user).get(reverse("redegorelse:notification-list")).content.decode()
    assert "E-mails, der ikke kunne sendes" in html
    assert tmf_worker.email in html
    others = client_for(tmf_worker).get(reverse("redegorelse:notification-list")).content.decode()
    assert "E-mails, der ikke kunne sendes" not in others


def test_it_tries_a_failed_e_mail_again_later_from_the_queue(settings, tmf_worker, tmu_secretary, complete):
    settings.TASKS = DATABASE
    workflow.submit(complete, by=tmf_worker)  # outside on-commit capture: the queue is filled directly below
    notification = Notification.objects.get(user=tmu_secretary)
    assert notification.email_status == EmailStatus.PENDING
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=ConnectionRefusedError("no SMTP")):
        send_notification_email.call(notification.pk)
    notification.refresh_from_db()
    assert (notification.email_status, notification.email_attempts) == (EmailStatus.PENDING, 1)
    retry = DBTaskResult.objects.get()
    assert retry.run_after is not None and retry.args_kwargs["args"] == [notification.pk]
    send_notification_email.call(notification.pk)
    notification.refresh_from_db()
    assert (notification.email_status, notification.email_attempts) == (EmailStatus.SENT, 2)
    assert len(mail.outbox) == 1
    send_notification_email.call(notification.pk)  # a duplicate run sends nothing twice
    assert len(mail.outbox) == 1


def test_it_gives_up_after_the_configured_attempts(settings, tmf_worker, tmu_secretary, complete):
    settings.TASKS = DATABASE
    settings.NOTIFICATION_EMAIL_ATTEMPTS = 2
    workflow.submit(complete, by=tmf_worker)
    notification = Notification.objects.get(user=tmu_secretary)
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=smtplib.SMTPException("550")):
        send_notification_email.call(notification.pk)
        send_notification_email.call(notification.pk)
    notification.refresh_from_db()
    assert (notification.email_status, notification.email_attempts) == (EmailStatus.FAILED, 2)
    assert DBTaskResult.objects.count() == 1  # one retry queued, none after the last attempt


def test_it_writes_e_mails_in_danish_whoever_clicks(
    client_for, tmf_worker, tmu_secretary, complete, django_capture_on_commit_callbacks
):
    """Issue 10 item 3: an English interface does not make the e-mail English."""
    client = client_for(tmf_worker)
    client.cookies["django_language"] = "en"
    assert "Submit" in client.get(reverse("redegorelse:report-submit", args=[complete.pk])).content.decode()
    submit(client, complete, django_capture_on_commit_callbacks)
    message = mail.outbox[0]
    assert message.subject.startswith("Ny indstilling til TMU:")
    assert "venter på udvalgets beslutning" in message.body
    assert "Ny indstilling" in Notification.objects.get().subject


def test_it_links_absolutely_in_e_mails_and_clickably_in_the_app(
    client_for, tmf_worker, tmu_secretary, complete, django_capture_on_commit_callbacks
):
    """Issue 13: HTML and text e-mails with links from SITE_URL; the in-app list links too."""
    submit(client_for(tmf_worker), complete, django_capture_on_commit_callbacks)
    path = reverse("redegorelse:decision-create", args=[complete.pk])
    message = mail.outbox[0]
    assert f"https://redegorelse.example.kk.dk{path}" in message.body
    html_body, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="https://redegorelse.example.kk.dk{path}"' in html_body
    page = client_for(tmu_secretary).get(reverse("redegorelse:notification-list")).content.decode()
    assert f'<a href="{path}">' in page
    assert f'<a href="https://redegorelse.example.kk.dk{path}"' in page


def test_it_records_no_e_mail_for_a_user_without_an_address(tmf_worker, complete, django_capture_on_commit_callbacks):
    secretary = factories.secretary("TMU", username="uden-mail")
    secretary.email = ""
    secretary.save()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(complete, by=tmf_worker)
    assert Notification.objects.get(user=secretary).email_status == EmailStatus.NONE
