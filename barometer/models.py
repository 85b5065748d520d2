from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models, transaction
from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from organisation.models import Department
from organisation.textinput import looks_like_formula

from .periods import MAX_YEAR, MIN_YEAR, Period
from .status import Observation, Trajectory, assess, comparable_previous
from .units import Unit, format_change, format_value, value_problem

HALF_CHOICES = [(1, _("1. halvår")), (2, _("2. halvår"))]

# Text that a spreadsheet would run as a formula when the export is opened (CSV injection).
FORMULA_MESSAGE = _("Kilden må ikke begynde med =, +, - eller @, fordi et regneark så læser den som en formel.")


def validate_not_formula(value):
    if looks_like_formula(value):
        raise ValidationError(FORMULA_MESSAGE)


class PolicyQuerySet(models.QuerySet):
    def covering(self, year):
        """The policy whose period includes the year, or None. Periods never overlap."""
        return self.filter(start_year__lte=year, end_year__gte=year).first()

    def overlapping(self, start_year, end_year):
        return self.filter(start_year__lte=end_year, end_year__gte=start_year)

    def for_barometer(self, year=None):
        """The policy the live barometer shows: the one covering this year, else the latest that
        has started, else the earliest. Never used for a round: a round keeps its own policy."""
        year = year or timezone.localdate().year
        return (
            self.covering(year)
            or self.filter(start_year__lte=year).order_by("-start_year").first()
            or self.order_by("start_year").first()
        )


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
        if not (self.start_year and self.end_year):
            return
        if self.end_year < self.start_year:
            raise ValidationError({"end_year": _("Politikkens sidste år kan ikke ligge før dens første år.")})
        overlap = Policy.objects.overlapping(self.start_year, self.end_year).exclude(pk=self.pk).first()
        if overlap:
            raise ValidationError(
                _("Perioden overlapper %(policy)s. To politikker kan ikke gælde for samme år.") % {"policy": overlap}
            )
        if self.pk:
            outside = self.rounds.exclude(year__gte=self.start_year, year__lte=self.end_year).order_by("year")
            years = [str(year) for year in outside.values_list("year", flat=True)]
            if years:
                raise ValidationError(
                    _(
                        "Perioden skal dække de indberetningsrunder, der hører til politikken. "
                        "Runden for %(years)s ligger uden for den nye periode."
                    )
                    % {"years": ", ".join(years)}
                )

    @property
    def period_label(self):
        return f"{self.start_year}–{self.end_year}"

    @property
    def has_reports(self):
        """A report has been started in one of the policy's rounds: it has one assessment per
        goal, so goals can no longer be added or removed."""
        return self.rounds.filter(reports__isnull=False).exists()

    @property
    def is_frozen(self):
        """A report of one of the policy's rounds has been submitted: the goals' texts are part
        of a record (the submitted and approved versions) and are read-only from then on."""
        return self.rounds.filter(reports__submissions__isnull=False).exists()


class GoalQuerySet(models.QuerySet):
    def of_policy(self, policy):
        return self.filter(policy=policy).order_by("number")

    def with_indicators(self, indicators):
        """Each goal with the given indicators of it as `listed_indicators`."""
        return self.prefetch_related(Prefetch("indicators", queryset=indicators, to_attr="listed_indicators"))


class TargetSource(models.TextChoices):
    SOURCE_DOCUMENT = "source", _("Fra kildedokumentet")
    PLAUSIBLE = "plausible", _("Plausibelt mål, ikke fastsat i kildedokumentet")


class Goal(models.Model):
    """One of a policy's goals (the 2007–2010 policy has six), each in one main area
    (hovedindsatsområde). A goal is common to all udvalg, or owned by one of them."""

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
    committee = models.ForeignKey(
        "organisation.Committee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="goals",
        verbose_name=_("udvalg"),
        help_text=_("Tom: et fælles mål for alle udvalg."),
    )

    objects = GoalQuerySet.as_manager()

    class Meta:
        ordering = ["policy", "number"]
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        constraints = [models.UniqueConstraint(fields=["policy", "number"], name="goal_unique_number")]

    def __str__(self):
        return f"{self.number}. {self.area}"

    def clean(self):
        """A goal of a policy whose reports have started cannot be added; one whose reports have
        been submitted cannot be changed (see docs/policies.md). Every form runs this."""
        if not self.policy_id:
            return
        if self.pk is None and self.policy.has_reports:
            raise ValidationError(
                _(
                    "Der er startet redegørelser i en af politikkens runder, og de har én vurdering pr. mål. "
                    "Derfor kan politikken ikke få flere mål."
                )
            )
        if self.pk is not None and self.policy.is_frozen:
            raise ValidationError(_("Målet er en del af en indsendt redegørelse og kan ikke ændres."))


class Direction(models.TextChoices):
    HIGHER_IS_BETTER = "higher", _("Højere er bedre")
    LOWER_IS_BETTER = "lower", _("Lavere er bedre")


class IndicatorQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def of_policy(self, policy):
        return self.filter(goal__policy=policy)

    def for_round(self, round):
        """The indicators of the round's policy, with the measurements up to the round's data
        cut-off only (and their corrections): later data never changes a round."""
        cutoff = round.data_cutoff
        return (
            self.of_policy(round.policy_id)
            .filter(Q(is_active=True) | Exists(Measurement.objects.filter(indicator=OuterRef("pk")).up_to(cutoff)))
            .with_series(up_to=cutoff)
            .in_order()
        )

    def for_department(self, department):
        return self.filter(departments=department)

    def in_order(self):
        # B2 before B10: shorter codes first, then alphabetically.
        return self.order_by("goal__number", Length("code"), "code")

    def with_series(self, up_to=None):
        """Everything a list of indicators shows, in a fixed number of queries however many there
        are. With `up_to` (a Period), only the measurements up to and including that half-year."""
        # Prefetched into lists (to_attr): Django then gives no object a related manager of its own,
        # which cost more than the queries for a round's 90 indicators and their measurements.
        measurements = Measurement.objects.order_by("year", "half")
        if up_to is not None:
            measurements = measurements.up_to(up_to).prefetch_related(
                Prefetch(
                    "revisions",
                    queryset=MeasurementRevision.objects.select_related("corrected_by"),
                    to_attr="prefetched_revisions",
                )
            )
        return self.select_related("goal").prefetch_related(
            Prefetch("departments", queryset=Department.objects.order_by("abbreviation")),
            Prefetch("measurements", queryset=measurements, to_attr="prefetched_series"),
        )

    def for_overview(self, policy=None):
        """The live barometer: the active indicators of the policy (default: the one in force)."""
        policy = policy or Policy.objects.for_barometer()
        return self.active().of_policy(policy).with_series().in_order()

    def for_detail(self):
        return self.select_related("goal__policy").prefetch_related(
            Prefetch("departments", queryset=Department.objects.order_by("abbreviation")),
            Prefetch(
                "measurements",
                queryset=Measurement.objects.select_related("entered_by")
                .prefetch_related(
                    Prefetch(
                        "revisions", queryset=MeasurementRevision.objects.select_related("entered_by", "corrected_by")
                    )
                )
                .order_by("year", "half"),
            ),
        )


code_validator = RegexValidator(
    r"^[A-ZÆØÅ]{1,3}[0-9]{1,3}$", _("Skriv koden som store bogstaver efterfulgt af et tal, fx B1 eller BO2.")
)


class Indicator(models.Model):
    """A measure in the integrationsbarometer, e.g. B1: employment rate of immigrants aged 25–64."""

    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="indicators", verbose_name=_("mål"))
    code = models.CharField(_("kode"), max_length=10, unique=True, validators=[code_validator])
    name = models.CharField(_("navn"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    unit = models.CharField(_("enhed"), max_length=20, choices=Unit.choices)
    direction = models.CharField(_("retning"), max_length=10, choices=Direction.choices)
    departments = models.ManyToManyField(
        Department, related_name="indicators", verbose_name=_("ansvarlige forvaltninger")
    )
    data_source = models.CharField(_("datakilde"), max_length=300)
    baseline_value = models.DecimalField(_("udgangspunkt"), max_digits=12, decimal_places=3)
    baseline_year = models.PositiveSmallIntegerField(
        _("udgangspunktets år"), validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]
    )
    baseline_half = models.PositiveSmallIntegerField(_("udgangspunktets halvår"), choices=HALF_CHOICES)
    target_value = models.DecimalField(_("målværdi"), max_digits=12, decimal_places=3)
    target_year = models.PositiveSmallIntegerField(
        _("målår"),
        validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)],
        help_text=_("Normalt politikkens sidste år. Målet skal være nået ved årets udgang."),
    )
    tolerance = models.DecimalField(
        _("tolerance"),
        max_digits=12,
        decimal_places=3,
        default=0,
        help_text=_("En ændring, der ikke er større end tolerancen, tæller som ingen væsentlig udvikling."),
    )
    is_active = models.BooleanField(_("aktiv"), default=True)
    definition_version = models.PositiveSmallIntegerField(
        _("definitionsversion"),
        default=1,
        help_text=_("Hæv tallet, når indikatorens definition ændres. Målinger derefter vises som et brud i serien."),
    )

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["goal__number", "code"]
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")
        constraints = [
            models.CheckConstraint(
                name="indicator_tolerance_not_negative",
                condition=Q(tolerance__gte=0),
                violation_error_message=_("Tolerancen kan ikke være negativ."),
            ),
            models.CheckConstraint(name="indicator_baseline_half", condition=Q(baseline_half__in=[1, 2])),
            models.CheckConstraint(
                name="indicator_target_after_baseline",
                condition=Q(target_year__gte=F("baseline_year")),
                violation_error_message=_("Målåret kan ikke ligge før udgangspunktet."),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def clean(self):
        errors = {}
        for field in ("baseline_value", "target_value"):
            value = getattr(self, field)
            if value is not None and self.unit and (problem := value_problem(self.unit, value)):
                errors[field] = problem
        if self.baseline_year and self.target_year and self.target_year < self.baseline_year:
            errors["target_year"] = _("Målåret kan ikke ligge før udgangspunktet.")
        if errors:
            raise ValidationError(errors)

    @property
    def higher_is_better(self):
        return self.direction == Direction.HIGHER_IS_BETTER

    @property
    def baseline_period(self):
        return Period(self.baseline_year, self.baseline_half)

    @property
    def target_period(self):
        return Period.end_of(self.target_year)

    @property
    def trajectory(self):
        return Trajectory(self.baseline_value, self.baseline_period, self.target_value, self.target_period)

    @cached_property
    def series(self):
        """The measurements, oldest first (prefetched by the list querysets)."""
        if hasattr(self, "prefetched_series"):
            return self.prefetched_series
        return list(self.measurements.all())

    @cached_property
    def observations(self):
        return [Observation(m.period, m.value, m.definition_version) for m in self.series]

    @cached_property
    def assessment(self):
        return assess(
            higher_is_better=self.higher_is_better,
            tolerance=self.tolerance,
            trajectory=self.trajectory,
            observations=self.observations,
        )

    @property
    def latest(self):
        return self.series[-1] if self.series else None

    @property
    def change_since_previous(self):
        """None when there is no comparable earlier measurement (none, or a break in the series)."""
        previous = comparable_previous(self.observations)
        return self.latest.value - previous.value if previous else None

    @property
    def latest_is_after_break(self):
        return len(self.series) > 1 and self.series[-2].definition_version != self.latest.definition_version

    @property
    def change_since_baseline(self):
        return self.latest.value - self.baseline_value if self.latest else None

    @property
    def has_series_break(self):
        return len({m.definition_version for m in self.series}) > 1

    def series_rows(self):
        """Each measurement with its change since the one before; no change across a break in the series."""
        rows, previous = [], None
        for measurement in self.series:
            starts_definition = previous is not None and previous.definition_version != measurement.definition_version
            change = None if previous is None or starts_definition else measurement.value - previous.value
            rows.append(SeriesRow(measurement, change, starts_definition))
            previous = measurement
        return rows

    def corrections(self):
        """(measurement, earlier value) for every correction, newest first within each period."""
        return [(m, revision) for m in self.series for revision in m.revision_list()]

    def as_open_data(self):
        """The indicator, its measurements and its status as plain values for the open-data JSON."""
        assessment = self.assessment
        return {
            "kode": self.code,
            "navn": self.name,
            "beskrivelse": self.description,
            "mål": {"nummer": self.goal.number, "område": self.goal.area},
            "enhed": self.get_unit_display(),
            "retning": self.get_direction_display(),
            "ansvarlige_forvaltninger": [d.abbreviation for d in self.departments.all()],
            "datakilde": self.data_source,
            "udgangspunkt": {"værdi": float(self.baseline_value), "periode": self.baseline_period.code},
            "målsætning": {"værdi": float(self.target_value), "år": self.target_year},
            "tolerance": float(self.tolerance),
            "definitionsversion": self.definition_version,
            "status": {
                "kode": assessment.status.value,
                "tekst": assessment.status.label,
                "begrundelse": assessment.reason.label,
            },
            "målinger": [
                {
                    "periode": m.period.code,
                    "år": m.year,
                    "halvår": m.half,
                    "værdi": float(m.value),
                    "kilde": m.source_note,
                    "definitionsversion": m.definition_version,
                }
                for m in self.series
            ],
        }

    def format_value(self, value):
        return format_value(value, self.unit)

    def format_change(self, change):
        return format_change(change, self.unit)

    @transaction.atomic
    def record_measurement(self, period, value, *, by, source_note="", reason=""):
        """Enters a measurement, or corrects the one the period already has (keeping the old value
        in its history). Returns the measurement and what happened to it."""
        if problem := value_problem(self.unit, value):
            raise ValidationError({"value": problem})
        existing = Measurement.objects.select_for_update().filter(indicator=self, year=period.year, half=period.half)
        measurement = existing.first()
        if measurement is None:
            measurement = Measurement.objects.create(
                indicator=self,
                year=period.year,
                half=period.half,
                value=value,
                source_note=source_note,
                definition_version=self.definition_version,
                entered_by=by,
            )
            return measurement, ChangeKind.NEW
        if not measurement.differs_from(value, source_note):
            return measurement, ChangeKind.UNCHANGED
        measurement.correct(value, by=by, source_note=source_note, reason=reason)
        return measurement, ChangeKind.CORRECTED


@dataclass(frozen=True)
class SeriesRow:
    measurement: "Measurement"
    change: Decimal | None
    starts_definition: bool


class ChangeKind(models.TextChoices):
    NEW = "new", _("Ny")
    CORRECTED = "corrected", _("Rettet")
    UNCHANGED = "unchanged", _("Uændret")


class MeasurementQuerySet(models.QuerySet):
    def up_to(self, period):
        """Measurements of the period and the ones before it."""
        return self.filter(Q(year__lt=period.year) | Q(year=period.year, half__lte=period.half))

    def for_export(self):
        return self.select_related("indicator").order_by(
            "indicator__goal__number", Length("indicator__code"), "indicator__code", "year", "half"
        )


class Measurement(models.Model):
    """One indicator's value for one half-year."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="measurements", verbose_name=_("indikator")
    )
    year = models.PositiveSmallIntegerField(
        _("år"), validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]
    )
    half = models.PositiveSmallIntegerField(_("halvår"), choices=HALF_CHOICES)
    value = models.DecimalField(_("værdi"), max_digits=12, decimal_places=3)
    source_note = models.CharField(_("kilde"), max_length=300, blank=True, validators=[validate_not_formula])
    definition_version = models.PositiveSmallIntegerField(_("definitionsversion"), default=1)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("indtastet af"),
    )
    entered_at = models.DateTimeField(_("indtastet"), default=timezone.now)

    objects = MeasurementQuerySet.as_manager()

    class Meta:
        ordering = ["year", "half"]
        verbose_name = _("måling")
        verbose_name_plural = _("målinger")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "half"],
                name="measurement_unique_period",
                violation_error_message=_("Indikatoren har allerede en måling for dette halvår."),
            ),
            models.CheckConstraint(name="measurement_half", condition=Q(half__in=[1, 2])),
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.period}"

    @property
    def period(self):
        return Period(self.year, self.half)

    def clean(self):
        if self.value is not None and self.indicator_id and (problem := value_problem(self.indicator.unit, self.value)):
            raise ValidationError({"value": problem})

    def revision_list(self):
        """Its corrections, newest first: prefetched by Indicator.with_series(up_to=…), else read."""
        if hasattr(self, "prefetched_revisions"):
            return self.prefetched_revisions
        return list(self.revisions.all())

    def differs_from(self, value, source_note):
        return self.value != value or self.source_note != source_note

    @transaction.atomic
    def correct(self, value, *, by, reason, source_note=None):
        """Replaces the value, keeping the earlier one in the history with who corrected it and why."""
        locked = Measurement.objects.select_for_update().get(pk=self.pk)
        source_note = locked.source_note if source_note is None else source_note
        if not locked.differs_from(value, source_note):
            raise ValidationError(_("Målingen har allerede denne værdi og kilde; der er intet at rette."))
        if not reason.strip():
            raise ValidationError({"reason": _("Skriv, hvorfor målingen rettes.")})
        if problem := value_problem(locked.indicator.unit, value):
            raise ValidationError({"value": problem})
        MeasurementRevision.objects.create(
            measurement=locked,
            value=locked.value,
            source_note=locked.source_note,
            entered_by=locked.entered_by,
            entered_at=locked.entered_at,
            corrected_by=by,
            reason=reason.strip(),
        )
        locked.value, locked.source_note = value, source_note
        locked.entered_by, locked.entered_at = by, timezone.now()
        locked.save(update_fields=["value", "source_note", "entered_by", "entered_at"])
        self.refresh_from_db()


class MeasurementRevision(models.Model):
    """An earlier value of a measurement, kept when it was corrected: who entered it, who replaced it and why."""

    measurement = models.ForeignKey(
        Measurement, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("måling")
    )
    value = models.DecimalField(_("tidligere værdi"), max_digits=12, decimal_places=3)
    source_note = models.CharField(_("tidligere kilde"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("indtastet af"),
    )
    entered_at = models.DateTimeField(_("indtastet"))
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rettet af"),
    )
    corrected_at = models.DateTimeField(_("rettet"), default=timezone.now)
    reason = models.TextField(_("begrundelse"))

    class Meta:
        ordering = ["-corrected_at", "-pk"]
        verbose_name = _("rettelse af måling")
        verbose_name_plural = _("rettelser af målinger")

    def __str__(self):
        return f"{self.measurement} – {self.corrected_at:%d.%m.%Y}"
