"""Who hears about what: e-mail (Danish, plain text and HTML, with a link) and the same message
in the app's own list of notifications."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from organisation.models import Role

from .models import Notification, Outcome


def members(**membership_filter):
    return list(
        get_user_model()
        .objects.filter(is_active=True, **{f"memberships__{k}": v for k, v in membership_filter.items()})
        .distinct()
    )


def send(users, subject, template, context, path):
    """One e-mail per recipient (so no one sees the others' addresses) and one notification each."""
    url = f"{settings.SITE_URL}{path}"
    with translation.override(settings.LANGUAGE_CODE):
        context = {**context, "url": url}
        text = render_to_string(f"email/{template}.txt", context)
        html = render_to_string(f"email/{template}.html", context)
    for user in users:
        Notification.objects.create(user=user, subject=subject, body=text, url=path)
        if user.email:
            message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [user.email])
            message.attach_alternative(html, "text/html")
            message.send()


def notify_submitted(report):
    secretaries = members(role=Role.COMMITTEE_SECRETARY, committee=report.department.committee)
    subject = _("Ny indstilling til %(committee)s: %(title)s") % {
        "committee": report.department.committee.abbreviation,
        "title": report.title,
    }
    send(
        secretaries, subject, "submitted", {"report": report}, reverse("redegorelse:decision-create", args=[report.pk])
    )


def notify_decided(report, decision):
    recipients = members(role=Role.CASE_WORKER, department=report.department) + members(role=Role.BIF_STAFF)
    if decision.outcome == Outcome.RETURNED:
        subject = _("%(title)s er sendt tilbage af %(committee)s")
    else:
        subject = _("%(committee)s har truffet beslutning om %(title)s")
    subject %= {"title": report.title, "committee": report.department.committee.abbreviation}
    send(
        list(dict.fromkeys(recipients)),
        subject,
        "decided",
        {"report": report, "decision": decision, "reasons": list(decision.reasons.all())},
        reverse("redegorelse:report-detail", args=[report.pk]),
    )


def notify_reminder(report_or_none, department, round, reminder, deadline):
    case_workers = members(role=Role.CASE_WORKER, department=department)
    subject = _("Påmindelse: %(department)s' redegørelse for %(year)s – %(when)s") % {
        "department": department.abbreviation,
        "year": round.year,
        "when": reminder.get_kind_display().lower(),
    }
    path = (
        reverse("redegorelse:report-detail", args=[report_or_none.pk])
        if report_or_none
        else reverse("organisation:department-detail", args=[department.abbreviation])
    )
    send(
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
