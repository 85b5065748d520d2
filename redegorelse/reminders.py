"""Deadline reminders for departments that have not submitted: 14, 7 and 1 days before their
deadline and once when it has passed. Each reminder is recorded before it is sent, under a
unique constraint, so running this any number of times sends each one once."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from organisation.models import Department

from .models import Reminder, ReminderKind, Report, ReportingRound
from .notifications import notify_reminder


def reminder_kind(days_left):
    """The reminder due with this many days left, or None. A run missed on the exact day
    still sends the reminder of the band the deadline is now in."""
    if days_left < 0:
        return ReminderKind.OVERDUE
    if days_left <= 1:
        return ReminderKind.DAYS_1
    if days_left <= 7:
        return ReminderKind.DAYS_7
    if days_left <= 14:
        return ReminderKind.DAYS_14
    return None


def send_reminders(today=None):
    """Sends what is due for the newest round, unless it is closed; returns the reminders sent."""
    today = today or timezone.localdate()
    round = ReportingRound.objects.prefetch_related("deadlines").order_by("-year").first()
    if round is None or round.closure(today) is not None:
        return []  # a closed round is over: nobody in it is due or overdue any more
    reports = {r.department_id: r for r in Report.objects.filter(round=round)}
    sent = []
    for department in Department.objects.order_by("name"):
        report = reports.get(department.pk)
        if report is not None and report.is_submitted:
            continue  # with the committee: nothing to remind of
        deadline = round.deadline_for(department)
        kind = reminder_kind((deadline - today).days)
        if kind is None:
            continue
        try:
            with transaction.atomic():
                reminder = Reminder.objects.create(round=round, department=department, kind=kind)
                notify_reminder(report, department, round, reminder, deadline)
        except IntegrityError:
            continue  # already sent, by an earlier run or one running right now
        sent.append(reminder)
    return sent
