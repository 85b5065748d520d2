"""The yearly round BIF opens, each department's deadline in it, and the reminders sent."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class ReportingRoundQuerySet(models.QuerySet):
    def without_report_for(self, department):
        return self.exclude(reports__department=department).order_by("-year")


class ReportingRound(models.Model):
    """The yearly round BIF opens: every department reports once per round."""

    year = models.PositiveIntegerField(_("år"), unique=True)
    submission_deadline = models.DateField(
        _("fælles frist for indsendelse"),
        help_text=_("Gælder for alle forvaltninger, der ikke har fået en frist af deres egen."),
    )
    statusreport_due = models.DateField(_("frist for den samlede statusrapport"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("åbnet af"),
    )
    opened_at = models.DateTimeField(_("åbnet"), default=timezone.now)

    objects = ReportingRoundQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("indberetningsrunde")
        verbose_name_plural = _("indberetningsrunder")

    def __str__(self):
        return gettext("Indberetningsrunde %(year)s") % {"year": self.year}

    def clean(self):
        """A round's year is part of every report in it ("Redegørelse 2009"): once the round has
        reports, the year is fixed, on the BIF page and in the admin alike."""
        if self.pk:
            stored = ReportingRound.objects.filter(pk=self.pk).values_list("year", flat=True).first()
            if stored is not None and stored != self.year and self.reports.exists():
                raise ValidationError(
                    {
                        "year": gettext(
                            "Året kan ikke ændres, fordi runden allerede har redegørelser. Runden hedder fortsat %(year)s."
                        )
                        % {"year": stored}
                    }
                )

    def deadline_for(self, department):
        """The department's own deadline, or the common one. Reads prefetched deadlines."""
        for deadline in self.deadlines.all():
            if deadline.department_id == department.pk:
                return deadline.deadline
        return self.submission_deadline


class DepartmentDeadline(models.Model):
    """A department's own deadline, set to fit its committee's meeting calendar."""

    round = models.ForeignKey(ReportingRound, on_delete=models.CASCADE, related_name="deadlines")
    department = models.ForeignKey("organisation.Department", on_delete=models.CASCADE, related_name="+")
    deadline = models.DateField(_("frist"))

    class Meta:
        verbose_name = _("forvaltningens frist")
        verbose_name_plural = _("forvaltningernes frister")
        constraints = [
            models.UniqueConstraint(fields=["round", "department"], name="deadline_one_per_department"),
        ]

    def __str__(self):
        return f"{self.round.year} {self.department.abbreviation}: {self.deadline:%d.%m.%Y}"


class ReminderKind(models.TextChoices):
    DAYS_14 = "14", _("14 dage før fristen")
    DAYS_7 = "7", _("7 dage før fristen")
    DAYS_1 = "1", _("1 dag før fristen")
    OVERDUE = "overdue", _("Fristen er overskredet")


class Reminder(models.Model):
    """A deadline reminder that has been sent; the unique constraint is what makes
    send_reminders safe to run any number of times."""

    round = models.ForeignKey(ReportingRound, on_delete=models.CASCADE, related_name="reminders")
    department = models.ForeignKey("organisation.Department", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "department", "kind"], name="reminder_sent_once"),
        ]

    def __str__(self):
        return f"{self.round.year} {self.department.abbreviation}: {self.get_kind_display()}"


class EmailStatus(models.TextChoices):
    NONE = "", _("Ingen e-mailadresse")
    PENDING = "pending", _("Sendes")
    SENT = "sent", _("Sendt")
    FAILED = "failed", _("Kunne ikke sendes")


class NotificationQuerySet(models.QuerySet):
    def undelivered(self):
        """E-mails that failed for good: BIF sees them, so someone can tell the recipient."""
        return self.filter(email_status=EmailStatus.FAILED).select_related("user").order_by("-created_at", "-pk")


class Notification(models.Model):
    """A message to one user, shown in the app and sent by e-mail. It is written in the same
    transaction as the event it tells about; the e-mail goes after commit, from the task queue,
    and its delivery is recorded here."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    subject = models.CharField(_("emne"), max_length=300)
    body = models.TextField(_("tekst"))
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("sendt"), default=timezone.now)
    read_at = models.DateTimeField(_("læst"), null=True, blank=True)
    html_body = models.TextField(_("tekst (HTML)"), blank=True)
    email_status = models.CharField(
        _("e-mail"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.NONE, blank=True
    )
    email_attempts = models.PositiveSmallIntegerField(_("forsøg"), default=0)
    email_error = models.TextField(_("fejl ved afsendelse"), blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notifikation")
        verbose_name_plural = _("notifikationer")

    def __str__(self):
        return self.subject
