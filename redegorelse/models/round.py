"""The yearly round BIF opens, each department's deadline in it, and the reminders sent."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from barometer.models import HALF_CHOICES, Policy
from barometer.periods import Period

from .statusreport_export import Edition, StatusReportExport


class ReportingRoundQuerySet(models.QuerySet):
    def without_report_for(self, department):
        return self.exclude(reports__department=department).prefetch_related("deadlines").order_by("-year")


def default_cutoff(deadline):
    """The latest half-year that has ended before the deadline: a round with a deadline of
    31.03.2009 includes the barometer up to and including 2. halvår 2008."""
    if deadline.month > 6:
        return Period(deadline.year, 1)
    return Period(deadline.year - 1, 2)


CUTOFF_AFTER_YEAR = _("Barometerdataene kan ikke gå længere end til rundens eget år.")


def no_policy_message(year):
    return gettext(
        "Ingen integrationspolitik dækker %(year)s. Opret politikken for perioden under »Politikker«, før runden åbnes."
    ) % {"year": year}


class ReportingRound(models.Model):
    """The yearly round BIF opens: every department reports once per round. The round keeps the
    policy in force for its year and the half-year its barometer data ends with, so later
    policies and later measurements never change it."""

    year = models.PositiveIntegerField(_("år"), unique=True)
    policy = models.ForeignKey(
        "barometer.Policy",
        on_delete=models.PROTECT,
        related_name="rounds",
        verbose_name=_("integrationspolitik"),
    )
    data_cutoff_year = models.PositiveSmallIntegerField(_("barometerdata til og med år"))
    data_cutoff_half = models.PositiveSmallIntegerField(_("barometerdata til og med halvår"), choices=HALF_CHOICES)
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
        constraints = [
            models.CheckConstraint(name="round_cutoff_half", condition=Q(data_cutoff_half__in=[1, 2])),
            models.CheckConstraint(name="round_cutoff_not_after_year", condition=Q(data_cutoff_year__lte=F("year"))),
        ]

    def __str__(self):
        return gettext("Indberetningsrunde %(year)s") % {"year": self.year}

    def save(self, *args, **kwargs):
        """A round made in code (the demo, a command) gets the policy covering its year and the
        default cut-off, like the form gives; a year no policy covers is refused."""
        if self.policy_id is None and self.year:
            policy = Policy.objects.covering(self.year)
            if policy is None:
                raise ValidationError(no_policy_message(self.year))
            self.policy = policy
        if self.data_cutoff_year is None and self.submission_deadline:
            self.data_cutoff = default_cutoff(self.submission_deadline)
        super().save(*args, **kwargs)

    @property
    def data_cutoff(self):
        """The last half-year of barometer data the round includes."""
        return Period(self.data_cutoff_year, self.data_cutoff_half)

    @data_cutoff.setter
    def data_cutoff(self, period):
        self.data_cutoff_year, self.data_cutoff_half = period.year, period.half

    def goals(self):
        """The goals of the round's policy, in number order."""
        return self.policy.goals.select_related("committee").order_by("number")

    def goals_for(self, department):
        """The goals a department reports on: the common ones and its own udvalg's."""
        committee = getattr(department, "committee", None)
        return self.goals().filter(Q(committee__isnull=True) | Q(committee=committee))

    def clean(self):
        """A round's year is part of every report in it ("Redegørelse 2009"): once the round has
        reports, the year is fixed, on the BIF page and in the admin alike. The year decides the
        round's policy, which must cover it."""
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
        if not self.year:
            return
        policy = Policy.objects.covering(self.year)
        if policy is None:
            raise ValidationError({"year": no_policy_message(self.year)})
        self.policy = policy
        if self.data_cutoff_year and self.data_cutoff_year > self.year:
            raise ValidationError(CUTOFF_AFTER_YEAR)

    def deadline_for(self, department):
        """The department's own deadline, or the common one. Reads prefetched deadlines."""
        for deadline in self.deadlines.all():
            if deadline.department_id == department.pk:
                return deadline.deadline
        return self.submission_deadline

    def closure(self, today=None):
        """When and why the round closed, or None while it is open. A closed round shows how each
        department ended, not how many days it is "overdue" years later, and reminds nobody.

        A round is closed when
          1. its endelig (final) statusrapport has been made — the round's record is complete; or
          2. its year is over: a round is the year's reporting (redegørelser decided and the
             statusrapport made within the year), so from 1 January of the next year nothing in it
             is overdue any more."""
        today = today or timezone.localdate()
        final = StatusReportExport.objects.for_round(self).finished().filter(edition=Edition.FINAL).last()
        if final is not None:
            on = timezone.localdate(final.finished_at)
            return Closure(
                on, gettext("den endelige statusrapport blev lavet %(date)s") % {"date": on.strftime("%d.%m.%Y")}
            )
        year_end = datetime.date(self.year, 12, 31)
        if today > year_end:
            return Closure(year_end, gettext("året %(year)s er slut") % {"year": self.year})
        return None


@dataclass(frozen=True)
class Closure:
    on: datetime.date
    reason: str


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
