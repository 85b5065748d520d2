from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class PolicyQuerySet(models.QuerySet):
    def current(self):
        """The policy in force: the one with the latest period."""
        return self.order_by("-end_year").first()


class Policy(models.Model):
    """The integration policy adopted by Borgerrepræsentationen, with its period and goals."""

    name = models.CharField(_("navn"), max_length=200)
    start_year = models.PositiveIntegerField(_("første år"))
    end_year = models.PositiveIntegerField(_("sidste år"))

    objects = PolicyQuerySet.as_manager()

    class Meta:
        ordering = ["-end_year"]
        verbose_name = _("integrationspolitik")
        verbose_name_plural = _("integrationspolitikker")
        constraints = [
            models.CheckConstraint(
                name="policy_period_order",
                condition=Q(end_year__gte=F("start_year")),
                violation_error_message=_("Politikkens sidste år kan ikke ligge før dens første år."),
            )
        ]

    def __str__(self):
        return f"{self.name} {self.start_year}–{self.end_year}"

    def clean(self):
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("Politikkens sidste år kan ikke ligge før dens første år.")})


class GoalQuerySet(models.QuerySet):
    def of_current_policy(self):
        return self.filter(policy__in=Policy.objects.order_by("-end_year").values("pk")[:1]).order_by("number")


class TargetSource(models.TextChoices):
    SOURCE_DOCUMENT = "source", _("Fra kildedokumentet")
    PLAUSIBLE = "plausible", _("Plausibelt mål, ikke fastsat i kildedokumentet")


class Goal(models.Model):
    """One of the policy's six goals, each in one main area (hovedindsatsområde)."""

    policy = models.ForeignKey(Policy, on_delete=models.PROTECT, related_name="goals", verbose_name=_("politik"))
    number = models.PositiveSmallIntegerField(_("nummer"))
    area = models.CharField(_("hovedindsatsområde"), max_length=100)
    text = models.TextField(_("målets tekst"))
    target_text = models.TextField(
        _("målsætning"), help_text=_("Det målbare mål, fx en andel eller et niveau, og hvor tallet stammer fra.")
    )

    target_source = models.CharField(
        _("målsætningens kilde"), max_length=20, choices=TargetSource.choices, default=TargetSource.SOURCE_DOCUMENT
    )

    objects = GoalQuerySet.as_manager()

    class Meta:
        ordering = ["policy", "number"]
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        constraints = [models.UniqueConstraint(fields=["policy", "number"], name="goal_unique_number")]

    def __str__(self):
        return f"{self.number}. {self.area}"
