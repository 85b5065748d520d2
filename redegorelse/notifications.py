"""Who hears about what: e-mail (Danish, plain text and HTML, with an absolute link) and the same
message in the app's own list of notifications.

A transition commits, then notifies: the notifications are written in the transition's own
transaction (so they exist exactly when the transition does) and each e-mail is sent after
commit by a task on the queue, tried again with growing pauses. A mail server that is down or
refuses a message never turns a committed submission or decision into an error page: the
failure is logged and listed for BIF on the notification page."""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import BadHeaderError, EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from organisation.models import Role

from .models import EmailStatus, Notification, Outcome

logger = logging.getLogger(__name__)

SUBJECT_MAX = Notification._meta.get_field("subject").max_length
# What a send can fail with: the server (SMTP, network) or the message itself (a bad header).
MAIL_ERRORS = (smtplib.SMTPException, OSError, BadHeaderError, UnicodeError)


def members(**membership_filter):
    return list(
        get_user_model()
        .objects.filter(is_active=True, **{f"memberships__{k}": v for k, v in membership_filter.items()})
        .distinct()
    )


def one_line(text, limit=SUBJECT_MAX):
    """An e-mail subject is one header line: a title typed with a line break (or saved before
    titles were kept to one line) must not break the message or smuggle in a header."""
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def send(users, subject, template, context, path):
    """One notification and one e-mail per recipient (so no one sees the others' addresses).
    Called inside the transition's transaction; the e-mails leave after it commits."""
    url = f"{settings.SITE_URL}{path}"
    context = {**context, "url": url}
    text = render_to_string(f"email/{template}.txt", context)
    html = render_to_string(f"email/{template}.html", context)
    notifications = Notification.objects.bulk_create(
        [
            Notification(
                user=user,
                subject=one_line(subject),
                body=text,
                html_body=html,
                url=path,
                email_status=EmailStatus.PENDING if user.email else EmailStatus.NONE,
            )
            for user in users
        ]
    )
    ids = [n.pk for n in notifications if n.email_status == EmailStatus.PENDING]
    if ids:
        # robust: a queue that cannot be reached is logged, never an error for the clicker.
        transaction.on_commit(lambda: enqueue_emails(ids), robust=True)
    return notifications


def enqueue_emails(ids):
    for pk in ids:
        send_notification_email.enqueue(pk)


def retry_delay(attempt):
    """1, 2, 4, 8 … minutes after the attempt that failed."""
    return timedelta(seconds=settings.NOTIFICATION_EMAIL_RETRY_SECONDS * 2 ** (attempt - 1))


@task()
def send_notification_email(notification_id):
    """Sends one notification's e-mail. A failure is recorded and tried again later, up to
    NOTIFICATION_EMAIL_ATTEMPTS times; after that the notification is marked failed for BIF."""
    notification = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if notification is None or notification.email_status != EmailStatus.PENDING:
        return  # deleted, or already sent by an earlier run of this task
    message = EmailMultiAlternatives(
        notification.subject, notification.body, settings.DEFAULT_FROM_EMAIL, [notification.user.email]
    )
    if notification.html_body:
        message.attach_alternative(notification.html_body, "text/html")
    attempt = notification.email_attempts + 1
    try:
        message.send()
    except MAIL_ERRORS as error:
        retry = attempt < settings.NOTIFICATION_EMAIL_ATTEMPTS and send_notification_email.get_backend().supports_defer
        Notification.objects.filter(pk=notification.pk).update(
            email_attempts=attempt,
            email_error=f"{type(error).__name__}: {error}"[:1000],
            email_status=EmailStatus.PENDING if retry else EmailStatus.FAILED,
        )
        if retry:
            logger.warning(
                "E-mail for notification %s failed (attempt %s), trying again: %s", notification.pk, attempt, error
            )
            send_notification_email.using(run_after=timezone.now() + retry_delay(attempt)).enqueue(notification.pk)
        else:
            logger.error(
                "E-mail for notification %s could not be sent after %s attempts: %s", notification.pk, attempt, error
            )
        return
    Notification.objects.filter(pk=notification.pk).update(
        email_attempts=attempt, email_status=EmailStatus.SENT, email_error=""
    )


# Everything below renders in the service language, whoever clicks: an e-mail and its subject
# are Danish even when the committee secretary's interface is English.


def notify_submitted(report):
    with translation.override(settings.LANGUAGE_CODE):
        secretaries = members(role=Role.COMMITTEE_SECRETARY, committee=report.department.committee)
        subject = _("Ny indstilling til %(committee)s: %(title)s") % {
            "committee": report.department.committee.abbreviation,
            "title": report.title,
        }
        return send(
            secretaries,
            subject,
            "submitted",
            {"report": report},
            reverse("redegorelse:decision-create", args=[report.pk]),
        )


def notify_decided(report, decision):
    with translation.override(settings.LANGUAGE_CODE):
        recipients = members(role=Role.CASE_WORKER, department=report.department) + members(role=Role.BIF_STAFF)
        if decision.outcome == Outcome.RETURNED:
            subject = _("%(title)s er sendt tilbage af %(committee)s")
        else:
            subject = _("%(committee)s har truffet beslutning om %(title)s")
        subject %= {"title": report.title, "committee": report.department.committee.abbreviation}
        return send(
            list(dict.fromkeys(recipients)),
            subject,
            "decided",
            {"report": report, "decision": decision, "reasons": list(decision.reasons.all())},
            reverse("redegorelse:report-detail", args=[report.pk]),
        )


def notify_reminder(report_or_none, department, round, reminder, deadline):
    with translation.override(settings.LANGUAGE_CODE):
        case_workers = members(role=Role.CASE_WORKER, department=department)
        subject = _("Påmindelse: %(department)s' redegørelse for %(year)s – %(when)s") % {
            "department": department.abbreviation,
            "year": round.year,
            "when": reminder.get_kind_display().lower(),
        }
        path = (
            reverse("redegorelse:report-detail", args=[report_or_none.pk])
            if report_or_none
            else reverse("home:department-detail", args=[department.abbreviation])
        )
        return send(
            case_workers,
            subject,
            "reminder",
            {
                "department": department,
                "round": round,
                "reminder": reminder,
                "deadline": deadline,
                "report": report_or_none,
            },
            path,
        )
