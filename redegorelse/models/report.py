from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import F, Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from barometer.models import Goal
from organisation.models import Department
from redegorelse.snapshot import service_language

from .attachment import Attachment, AttachmentKind, attachment_path  # noqa: F401 (0001 migration imports attachment_path here)
from .decision import Decision

case_number_validator = RegexValidator(
    r"^\d{4}-\d{7}$", _("Sagsnummeret skal have formen ÅÅÅÅ-NNNNNNN, fx 2009-0123456.")
)


def goal_key(goal):
    """Goals of two policies are the same goal when number and area (title) match, ignoring
    case and spacing: "1. Beskæftigelse" carries over to "1. beskæftigelse", not to "1. Job"."""
    return goal.number, " ".join(goal.area.split()).casefold()


class GoalMapping:
    """Which goal of the new round's policy each goal of the previous report's policy becomes
    (see docs/policies.md): within one policy every goal is itself; across a policy change a
    goal maps only to the goal with the same number and area. What does not map is dropped,
    and notes() says so in words."""

    def __init__(self, old_policy, new_policy, new_goals):
        self.old_policy, self.new_policy = old_policy, new_policy
        self.same_policy = old_policy is not None and old_policy.pk == new_policy.pk
        self.by_key = {goal_key(g): g for g in new_goals}
        self.by_pk = {g.pk: g for g in new_goals}
        self.unmapped = {}

    def get(self, goal):
        target = self.by_pk.get(goal.pk) if self.same_policy else self.by_key.get(goal_key(goal))
        if target is None:
            self.unmapped[goal.pk] = goal
        return target

    def notes(self):
        if self.same_policy:
            return []
        notes = [
            gettext(
                "Sidste års redegørelse hører til %(old)s, og denne runde hører til %(new)s. Kun mål med samme "
                "nummer og titel i begge politikker er ført over."
            )
            % {"old": self.old_policy, "new": self.new_policy}
        ]
        for goal in sorted(self.unmapped.values(), key=lambda g: g.number):
            notes.append(
                gettext(
                    "Mål %(number)s (%(area)s) findes ikke i den nye politik: vurderingen og indsatsernes "
                    "tilknytning til målet er ikke ført over."
                )
                % {"number": goal.number, "area": goal.area}
            )
        return notes


class EditConflict(Exception):
    """Someone else saved the report after this form was loaded."""

    def __init__(self, report):
        super().__init__("The report changed since the form was loaded.")
        self.report = report


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Kladde")
    SUBMITTED = "submitted", _("Indsendt")
    POSTPONED = "postponed", _("Udsat")
    APPROVED = "approved", _("Godkendt")
    RETURNED = "returned", _("Tilbagesendt")


# The report's status sets, named once: Report's predicates and ReportQuerySet's methods below are
# how the rest of the code asks about them.
# Put before the committee and not decided on yet.
AWAITING_DECISION = frozenset({ReportStatus.SUBMITTED, ReportStatus.POSTPONED})
# Decided on by the committee: the version shown carries the decision.
DECIDED = frozenset({ReportStatus.APPROVED, ReportStatus.RETURNED, ReportStatus.POSTPONED})
# Everything once put before the committee; its secretaries see the report from then on.
SEEN_BY_COMMITTEE = AWAITING_DECISION | DECIDED
# Handed in and not sent back: the department's part is done, so it is neither late nor reminded.
HANDED_IN = frozenset({ReportStatus.SUBMITTED, ReportStatus.POSTPONED, ReportStatus.APPROVED})


class ReportQuerySet(models.QuerySet):
    def awaiting_decision(self):
        return self.filter(status__in=AWAITING_DECISION)

    def seen_by_committee(self):
        return self.filter(status__in=SEEN_BY_COMMITTEE)

    def submitted(self):
        """Submitted, postponed or approved: with the committee, not with the department."""
        return self.filter(status__in=HANDED_IN)

    def for_department(self, department):
        return (
            self.filter(department=department)
            .select_related("round")
            .prefetch_related("round__deadlines")
            .order_by("-round__year")
        )

    def with_document(self):
        """Everything the report document shows, in a fixed number of queries."""
        return self.select_related(
            "department__committee", "round__policy", "created_by", "updated_by"
        ).prefetch_related(
            Prefetch("assessments", queryset=GoalAssessment.objects.select_related("goal").order_by("goal__number")),
            Prefetch(
                "initiatives",
                queryset=Initiative.objects.select_related("attachment").prefetch_related("goals").order_by("position"),
            ),
            Prefetch("attachments", queryset=Attachment.objects.order_by("position")),
            Prefetch("decisions", queryset=Decision.objects.order_by("-pk").prefetch_related("reasons")),
        )

    def for_committee(self, committee):
        """Everything put before the committee: awaiting decision, decided or returned."""
        return (
            self.filter(department__committee=committee)
            .seen_by_committee()
            .select_related("department", "round")
            .prefetch_related("round__deadlines")
            .order_by("-submitted_at")
        )

    def previous_for(self, department, year):
        return self.filter(department=department, round__year__lt=year).order_by("-round__year").first()


class Report(models.Model):
    """A department's redegørelse for one round, written as a KK indstilling."""

    # The fields a case worker edits in the main section; their history is recorded field by field.
    CONTENT_FIELDS = [
        "case_number",
        "title",
        "extra_recommendations",
        "problem",
        "solution",
        "solution_closing",
        "economy",
        "next_steps",
        "signatory_1_name",
        "signatory_1_title",
        "signatory_2_name",
        "signatory_2_title",
    ]

    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="reports", verbose_name=_("forvaltning")
    )
    round = models.ForeignKey(
        "redegorelse.ReportingRound",
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("indberetningsrunde"),
    )
    ordinal = models.PositiveSmallIntegerField(_("nummer"), help_text=_("Fx 1 for forvaltningens 1. redegørelse."))
    case_number = models.CharField(
        _("sagsnummer"),
        max_length=12,
        blank=True,
        validators=[case_number_validator],
        help_text=_("Københavns Kommunes sagsnummer, fx 2009-0123456."),
    )
    title = models.CharField(_("titel"), max_length=300)
    extra_recommendations = models.TextField(
        _("yderligere at-punkter"),
        blank=True,
        help_text=_("Ét at-punkt pr. linje. Det første at-punkt dannes automatisk."),
    )
    problem = models.TextField(_("problemstilling"), blank=True)
    solution = models.TextField(
        _("løsning"),
        blank=True,
        help_text=_("Indledningen til løsningen: forvaltningens rolle i forhold til integrationspolitikkens mål."),
    )
    solution_closing = models.TextField(
        _("tekst efter indsatserne"),
        blank=True,
        help_text=_("Vises efter indsatserne, fx en henvisning til bilag med statusskemaer."),
    )
    economy = models.TextField(_("økonomi"), blank=True)
    next_steps = models.TextField(_("videre proces"), blank=True)
    signatory_1_name = models.CharField(_("første underskriver"), max_length=100, blank=True)
    signatory_1_title = models.CharField(_("første underskrivers titel"), max_length=100, blank=True)
    signatory_2_name = models.CharField(_("anden underskriver"), max_length=100, blank=True)
    signatory_2_title = models.CharField(_("anden underskrivers titel"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    version = models.PositiveIntegerField(_("version"), default=1)
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("kopieret fra")
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sidst ændret"), auto_now=True)
    submitted_at = models.DateTimeField(_("indsendt"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("oprettet af")
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("sidst ændret af")
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-round__year", "department__name"]
        verbose_name = _("redegørelse")
        verbose_name_plural = _("redegørelser")
        constraints = [
            models.UniqueConstraint(fields=["department", "round"], name="report_one_per_department_and_round"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("redegorelse:report-detail", args=[self.pk])

    # -- derived text ---------------------------------------------------------------------------

    @property
    def first_recommendation(self):
        """The generated first at-point, in the municipality's wording."""
        department = self.department
        return gettext(
            "at %(committee)s godkender %(genitive)s %(ordinal)s. redegørelse for opnåelse af "
            "integrationsmålene inden for %(genitive)s område."
        ) % {"committee": department.committee.name, "genitive": department.genitive, "ordinal": self.ordinal}

    @property
    def recommendation_points(self):
        extra = [line.strip() for line in self.extra_recommendations.splitlines() if line.strip()]
        return [self.first_recommendation, *[line if line.startswith("at ") else f"at {line}" for line in extra]]

    @property
    def latest_decision(self):
        """The decision on the version shown, for the document's decision block. Reads the
        decisions prefetched by with_document(). Only a decided report shows one: a draft or a
        resubmitted report is a new version the committee has not decided on."""
        if not self.is_decided:
            return None
        decisions = list(self.decisions.all())
        return decisions[0] if decisions else None

    @property
    def is_editable(self):
        return self.status == ReportStatus.DRAFT

    @property
    def deadline(self):
        """The department's own deadline in the round (see ReportingRound.deadline_for)."""
        return self.round.deadline_for(self.department)

    @property
    def is_awaiting_decision(self):
        return self.status in AWAITING_DECISION

    @property
    def is_decided(self):
        return self.status in DECIDED

    @property
    def is_seen_by_committee(self):
        return self.status in SEEN_BY_COMMITTEE

    @property
    def is_submitted(self):
        """Submitted, postponed or approved: the department's part is done (see ReportQuerySet.submitted)."""
        return self.status in HANDED_IN

    @staticmethod
    def default_title(department, year, ordinal):
        return gettext("%(genitive)s %(ordinal)s. redegørelse om integrationsmålene %(year)s") % {
            "genitive": department.genitive,
            "ordinal": ordinal,
            "year": year,
        }

    # -- creation -------------------------------------------------------------------------------

    @classmethod
    @transaction.atomic
    def start(cls, *, department, round, by, copy_previous=False):
        """Creates the round's report with one assessment per goal, optionally pre-filled from the
        department's latest earlier report (its texts and initiatives, marked for review)."""
        if cls.objects.filter(department=department, round=round).exists():
            raise ValidationError(
                gettext("%(department)s har allerede en redegørelse for %(year)s.")
                % {"department": department.name, "year": round.year}
            )
        previous = cls.objects.previous_for(department, round.year) if copy_previous else None
        if copy_previous and previous is None:
            raise ValidationError(gettext("Der er ingen redegørelse fra et tidligere år at tage udgangspunkt i."))
        ordinal = cls.objects.filter(department=department, round__year__lt=round.year).count() + 1
        report = cls(
            department=department,
            round=round,
            ordinal=ordinal,
            title=cls.default_title(department, round.year, ordinal),
            created_by=by,
            updated_by=by,
            copied_from=previous,
        )
        if previous:
            for field in cls.CONTENT_FIELDS:
                if field not in {"case_number", "title"}:
                    setattr(report, field, getattr(previous, field))
        report.save()
        goals = list(round.goals_for(department))
        mapping = GoalMapping(previous.round.policy if previous else None, round.policy, goals)
        previous_assessments = {}
        if previous:
            for assessment in previous.assessments.select_related("goal"):
                if target := mapping.get(assessment.goal):
                    previous_assessments[target.pk] = assessment
        GoalAssessment.objects.bulk_create(
            [
                GoalAssessment(
                    report=report,
                    goal=goal,
                    role=getattr(previous_assessments.get(goal.pk), "role", ""),
                    realistic=getattr(previous_assessments.get(goal.pk), "realistic", ""),
                    reasons=getattr(previous_assessments.get(goal.pk), "reasons", ""),
                )
                for goal in goals
            ]
        )
        if previous:
            for initiative in previous.initiatives.prefetch_related("goals").order_by("position"):
                old_goals = list(initiative.goals.all())
                initiative.pk = None
                initiative.report = report
                initiative.attachment = None
                initiative.copied = True
                initiative._prefetched_objects_cache = {}  # else set() compares with the old row's goals
                initiative.save()
                initiative.goals.set([target for goal in old_goals if (target := mapping.get(goal))])
        report.carry_over_notes = mapping.notes() if previous else []
        ReportRevision.objects.create(
            report=report,
            version=report.version,
            by=by,
            kind=RevisionKind.COPIED if previous else RevisionKind.CREATED,
            comment="\n".join(report.carry_over_notes),
        )
        return report

    # -- editing --------------------------------------------------------------------------------

    def claim_version(self, expected_version, by):
        """Moves the version on by one, but only if nobody else did since the form was loaded.

        The check is a conditional UPDATE, so two requests racing each other cannot both win,
        whatever the database's isolation level."""
        updated = Report.objects.filter(pk=self.pk, version=expected_version, status=ReportStatus.DRAFT).update(
            version=F("version") + 1, updated_by=by, updated_at=timezone.now()
        )
        if not updated:
            current = Report.objects.get(pk=self.pk)
            if current.status != ReportStatus.DRAFT:
                raise ValidationError(gettext("Redegørelsen er indsendt og kan ikke længere redigeres."))
            raise EditConflict(current)
        self.version = expected_version + 1
        self.updated_by = by

    @transaction.atomic
    def apply_edit(self, *, expected_version, by, apply):
        """Runs `apply()` (which changes the report or its parts and returns what changed as
        {label: (old, new)}) only if the report is still at `expected_version`, then moves the
        version on and records the changes. Nothing changed: nothing recorded, version kept.
        A conflict raises EditConflict and rolls everything back."""
        current = Report.objects.select_for_update().get(pk=self.pk)
        if current.status != ReportStatus.DRAFT:
            raise ValidationError(gettext("Redegørelsen er indsendt og kan ikke længere redigeres."))
        if current.version != expected_version:
            raise EditConflict(current)
        with service_language():  # the history's labels are part of the record, in Danish
            diffs = apply()
        if not diffs:
            return None
        self.claim_version(expected_version, by)
        return ReportRevision.record(self, by, RevisionKind.EDITED, diffs)

    def save_content(self, changes, *, expected_version, by):
        """Saves the main section's fields; `changes` maps field names to new values."""

        def apply():
            current = Report.objects.get(pk=self.pk)
            diffs = {
                field: (getattr(current, field), value)
                for field, value in changes.items()
                if getattr(current, field) != value
            }
            if diffs:
                Report.objects.filter(pk=self.pk).update(**{field: new for field, (_old, new) in diffs.items()})
                for field, (_old, new) in diffs.items():
                    setattr(self, field, new)
            return {str(Report._meta.get_field(field).verbose_name).capitalize(): d for field, d in diffs.items()}

        return self.apply_edit(expected_version=expected_version, by=by, apply=apply)

    def record_attachment_change(self, *, by, label, old, new):
        """Bilag changes are recorded in the history but do not move the version: a colleague
        uploading a bilag should not make everyone's open text forms conflict."""
        return ReportRevision.record(self, by, RevisionKind.EDITED, {label: (old, new)})

    # -- the status (docs/domain.md, the process: steps 4–5); the transitions are in workflow.py --

    def locked(self, *allowed):
        """The row, locked for this transaction, if it is in one of the allowed states."""
        report = Report.objects.select_for_update(of=("self",)).select_related("department__committee").get(pk=self.pk)
        if report.status not in allowed:
            raise ValidationError(
                gettext("Det kan ikke lade sig gøre, fordi redegørelsen har status »%(status)s«.")
                % {"status": report.get_status_display()}
            )
        return report

    def move(self, report, *, to, by, kind, comment="", **fields):
        """Sets the new state, moves the version on and writes the event."""
        from_status = report.status
        Report.objects.filter(pk=self.pk).update(
            status=to, version=F("version") + 1, updated_by=by, updated_at=timezone.now(), **fields
        )
        self.refresh_from_db()
        return ReportRevision.objects.create(
            report=self, version=self.version, by=by, kind=kind, from_status=from_status, to_status=to, comment=comment
        )


class DepartmentRole(models.TextChoices):
    PRIMARY = "primary", _("Primært ansvarlig")
    CONTRIBUTING = "contributing", _("Medvirkende")
    NOT_RELEVANT = "not_relevant", _("Ikke relevant")


class Realism(models.TextChoices):
    YES = "ja", _("Ja")
    PARTLY = "delvist", _("Delvist")
    NO = "nej", _("Nej")
    NOT_RELEVANT = "ikke_relevant", _("Ikke relevant")


class GoalAssessment(models.Model):
    """The department's view on one goal: its role, and whether the goal is realistic."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="assessments")
    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("mål"))
    role = models.CharField(_("forvaltningens rolle"), max_length=20, choices=DepartmentRole.choices, blank=True)
    realistic = models.CharField(
        _("er målet realistisk at nå inden 2010?"), max_length=20, choices=Realism.choices, blank=True
    )
    reasons = models.TextField(_("begrundelse"), blank=True)
    # Asked for only when the department's own barometer indicators for the goal call for it.
    no_new_initiative_reason = models.TextField(
        _("hvorfor ingen ny eller styrket indsats?"),
        blank=True,
        help_text=_(
            "Barometeret viser negativ eller utilstrækkelig udvikling. Tilføj en ny eller styrket indsats for målet, "
            "eller forklar her, hvorfor forvaltningen ikke gør det."
        ),
    )
    red_indicator_explanation = models.TextField(
        _("hvorfor er målet realistisk, når indikatoren er rød?"),
        blank=True,
        help_text=_(
            "Forvaltningens egne indikatorer for målet er røde. Forklar, hvorfor målet alligevel er realistisk."
        ),
    )

    class Meta:
        ordering = ["goal__number"]
        verbose_name = _("målvurdering")
        verbose_name_plural = _("målvurderinger")
        constraints = [models.UniqueConstraint(fields=["report", "goal"], name="assessment_one_per_goal")]

    def __str__(self):
        return f"{self.report} – {self.goal}"

    @property
    def is_relevant(self):
        return self.role != DepartmentRole.NOT_RELEVANT and self.realistic != Realism.NOT_RELEVANT


class InitiativeKind(models.TextChoices):
    ONGOING = "ongoing", _("Igangværende")
    NEW = "new", _("Ny")
    STRENGTHENED = "strengthened", _("Styrket")


class Funding(models.TextChoices):
    OWN_BUDGET = "own", _("Inden for forvaltningens eget budget")
    EXTERNAL = "external", _("Ekstern finansiering")
    MIXED = "mixed", _("Både eget budget og ekstern finansiering")


class ProgressStatus(models.TextChoices):
    ON_PLAN = "on_plan", _("Følger planen")
    DELAYED = "delayed", _("Forsinket")
    STOPPED = "stopped", _("Standset")
    COMPLETED = "completed", _("Afsluttet")


class Initiative(models.Model):
    """An indsats and its statusskema."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="initiatives")
    position = models.PositiveIntegerField(_("rækkefølge"), default=0)
    name = models.CharField(_("navn"), max_length=300)
    goals = models.ManyToManyField(Goal, related_name="initiatives", verbose_name=_("mål, indsatsen bidrager til"))
    kind = models.CharField(_("type"), max_length=20, choices=InitiativeKind.choices, default=InitiativeKind.ONGOING)
    description = models.TextField(_("beskrivelse"), blank=True)
    target_group = models.CharField(_("målgruppe"), max_length=300, blank=True)
    period = models.CharField(_("periode"), max_length=100, blank=True, help_text=_("Fx 2008–2010."))
    resources_dkk = models.DecimalField(_("ressourcer (kr.)"), max_digits=14, decimal_places=0, null=True, blank=True)
    funding = models.CharField(_("finansiering"), max_length=20, choices=Funding.choices, blank=True)
    funding_source = models.CharField(
        _("ekstern finansieringskilde"), max_length=200, blank=True, help_text=_("Fx Landsbyggefonden.")
    )
    partners = models.CharField(_("samarbejdspartnere"), max_length=300, blank=True)
    progress = models.CharField(_("status"), max_length=20, choices=ProgressStatus.choices, blank=True)
    results = models.TextField(_("resultater indtil nu"), blank=True)
    next_actions = models.TextField(_("næste skridt"), blank=True)
    attachment = models.ForeignKey(
        "Attachment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("se bilag"),
    )
    # The KK wording names what the bilag describes ("… af Områdeløftindsatsen."); the number in
    # the sentence is the bilag's place in the list, so moving bilag renumbers it.
    attachment_subject = models.CharField(
        _("bilaget beskriver"),
        max_length=200,
        blank=True,
        help_text=_(
            "Sætningen bliver »Se bilag N for en nærmere beskrivelse af …«, fx »Områdeløftindsatsen«. "
            "Tom: »indsatsen«. Bilagets nummer sættes automatisk."
        ),
    )
    copied = models.BooleanField(
        _("kopieret fra sidste år"),
        default=False,
        help_text=_("Kopieret fra sidste års redegørelse og skal gennemgås."),
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("indsats")
        verbose_name_plural = _("indsatser")

    def __str__(self):
        return self.name


class RevisionKind(models.TextChoices):
    CREATED = "created", _("Oprettet")
    COPIED = "copied", _("Oprettet ud fra sidste års redegørelse")
    EDITED = "edited", _("Ændret")
    SUBMITTED = "submitted", _("Indsendt")
    DECIDED = "decided", _("Udvalgets beslutning")
    RESUMED = "resumed", _("Taget tilbage til redigering")
    REOPENED = "reopened", _("Genåbnet af BIF")


class ReportRevision(models.Model):
    """One saved change of a report: who, when, which version it produced."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField(_("version"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("tidspunkt"), default=timezone.now)
    kind = models.CharField(_("handling"), max_length=20, choices=RevisionKind.choices)
    from_status = models.CharField(_("fra status"), max_length=20, choices=ReportStatus.choices, blank=True)
    to_status = models.CharField(_("til status"), max_length=20, choices=ReportStatus.choices, blank=True)
    comment = models.TextField(_("kommentar"), blank=True)

    class Meta:
        ordering = ["-version", "-pk"]
        verbose_name = _("ændring")
        verbose_name_plural = _("ændringer")

    def __str__(self):
        return f"{self.report} v{self.version}"

    @classmethod
    def record(cls, report, by, kind, diffs):
        """`diffs` maps a readable label ("Problemstilling", "Mål 3: begrundelse") to (old, new)."""
        revision = cls.objects.create(report=report, version=report.version, by=by, kind=kind)
        with service_language():
            changes = [
                FieldChange(revision=revision, label=str(label), old=str(old or ""), new=str(new or ""))
                for label, (old, new) in diffs.items()
            ]
        FieldChange.objects.bulk_create(changes)
        return revision


class FieldChange(models.Model):
    revision = models.ForeignKey(ReportRevision, on_delete=models.CASCADE, related_name="changes")
    label = models.CharField(_("felt"), max_length=200)
    old = models.TextField(_("før"), blank=True)
    new = models.TextField(_("efter"), blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.label


class FormDraft(models.Model):
    """Autosaved form input that has not been saved to the report yet. It never touches the
    report, so autosaving cannot conflict with the user's own next save."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="form_drafts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    section = models.CharField(max_length=30)
    data = models.JSONField()
    base_version = models.PositiveIntegerField()
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "user", "section"], name="form_draft_one_per_section"),
        ]

    def __str__(self):
        return f"{self.report} – {self.section} ({self.user})"
