"""What the committee saw and what it decided: a snapshot of every submitted version, the
decision recorded on exactly that version, and the frozen archive of an approved report."""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from redegorelse.snapshot import content_hash


class Submission(models.Model):
    """A version of the report as it was put before the committee, frozen as data."""

    report = models.ForeignKey("redegorelse.Report", on_delete=models.CASCADE, related_name="submissions")
    version = models.PositiveIntegerField(_("version"))
    content = models.JSONField(_("indhold"))
    content_sha256 = models.CharField(_("SHA-256 af indholdet"), max_length=64)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("indsendt"))

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("indsendt version")
        verbose_name_plural = _("indsendte versioner")
        constraints = [models.UniqueConstraint(fields=["report", "version"], name="submission_one_per_version")]

    def __str__(self):
        return f"{self.report} v{self.version}"


class Outcome(models.TextChoices):
    APPROVED = "approved", _("Godkendt")
    APPROVED_WITH_CHANGES = "approved_with_changes", _("Godkendt med ændringer")
    RETURNED = "returned", _("Tilbagesendt")
    POSTPONED = "postponed", _("Udsat")
    NOTED = "noted", _("Taget til efterretning")


# The KK phrase each outcome is recorded with, as the decision text starts out.
OUTCOME_PHRASES = {
    Outcome.APPROVED: _("Indstillingen blev godkendt."),
    Outcome.APPROVED_WITH_CHANGES: _("Indstillingen blev godkendt med ændringer."),
    Outcome.RETURNED: _("Indstillingen blev sendt tilbage til forvaltningen."),
    Outcome.POSTPONED: _("Sagen blev udsat."),
    Outcome.NOTED: _("Indstillingen blev taget til efterretning."),
}


def recorded_phrase(outcome, text):
    """The decision text as the record keeps it. An empty text, or a fixed phrase left as the
    form offered it in whatever interface language, becomes the outcome's Danish phrase; a text
    the secretary wrote is kept as written."""
    text = (text or "").strip()
    offered = {""}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            offered.update(str(phrase) for phrase in OUTCOME_PHRASES.values())
    if text in offered:
        with translation.override(settings.LANGUAGE_CODE):
            return str(OUTCOME_PHRASES[outcome])
    return text


# Outcomes that settle the report: it is then approved and frozen.
FINAL_OUTCOMES = {Outcome.APPROVED, Outcome.APPROVED_WITH_CHANGES, Outcome.NOTED}


class Section(models.TextChoices):
    """The parts of a report a send-back reason can be pinned to."""

    GENERAL = "general", _("Redegørelsen som helhed")
    RECOMMENDATION = "recommendation", _("Indstilling")
    PROBLEM = "problem", _("Problemstilling")
    SOLUTION = "solution", _("Løsning")
    ASSESSMENTS = "assessments", _("Målvurderinger")
    INITIATIVES = "initiatives", _("Indsatser og statusskemaer")
    ECONOMY = "economy", _("Økonomi")
    NEXT_STEPS = "next_steps", _("Videre proces")
    ATTACHMENTS = "attachments", _("Bilag")


class Decision(models.Model):
    """The committee's beslutning on one exact submitted version."""

    report = models.ForeignKey("redegorelse.Report", on_delete=models.PROTECT, related_name="decisions")
    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="decisions")
    meeting_date = models.DateField(_("mødedato"))
    outcome = models.CharField(_("beslutning"), max_length=30, choices=Outcome.choices)
    decision_text = models.TextField(_("beslutningstekst"))
    changes_text = models.TextField(_("ændringer"), blank=True)
    agenda_item = models.CharField(_("dagsordenspunkt"), max_length=50, blank=True)
    committee_case_number = models.CharField(_("udvalgets sagsnummer"), max_length=30, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("registreret"), auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name = _("beslutning")
        verbose_name_plural = _("beslutninger")

    def __str__(self):
        return f"{self.report}: {self.get_outcome_display()}"

    def check_meeting_date(self):
        """A committee cannot decide on an indstilling before it was submitted to it."""
        submitted_on = timezone.localdate(self.submission.submitted_at) if self.submission else None
        if submitted_on and self.meeting_date < submitted_on:
            raise ValidationError(
                {
                    "meeting_date": gettext(
                        "Mødedatoen %(meeting)s ligger før indsendelsen den %(submitted)s. "
                        "Udvalget kan først beslutte, når indstillingen er indsendt."
                    )
                    % {
                        "meeting": self.meeting_date.strftime("%d.%m.%Y"),
                        "submitted": submitted_on.strftime("%d.%m.%Y"),
                    }
                }
            )

    @property
    def is_final(self):
        return self.outcome in FINAL_OUTCOMES

    @property
    def block_heading(self):
        """'Teknik- og Miljøudvalgets beslutning den 22.04.2009' — the KK decision block."""
        return gettext("%(committee)s beslutning den %(date)s") % {
            "committee": self.report.department.committee.genitive,
            "date": self.meeting_date.strftime("%d.%m.%Y"),
        }


class DecisionReason(models.Model):
    """Why a report was sent back, pinned to the section it concerns."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="reasons")
    section = models.CharField(_("afsnit"), max_length=20, choices=Section.choices)
    text = models.TextField(_("begrundelse"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("begrundelse for tilbagesendelse")
        verbose_name_plural = _("begrundelser for tilbagesendelse")

    def __str__(self):
        return f"{self.get_section_display()}: {self.text[:50]}"


def archive_path(instance, filename):
    return f"arkiv/{instance.decision.report_id}/{instance.decision_id}-{instance.content_sha256[:12]}.pdf"


class ApprovedSnapshot(models.Model):
    """Exactly what was approved: the content with the decision and the bilag hashes, and the
    rendered PDF, each with its SHA-256 so that anyone can verify them later."""

    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="snapshot")
    content = models.JSONField(_("indhold"))
    content_sha256 = models.CharField(_("SHA-256 af indholdet"), max_length=64)
    pdf = models.FileField(_("arkiveret PDF"), upload_to=archive_path, max_length=300)
    pdf_sha256 = models.CharField(_("SHA-256 af PDF"), max_length=64)
    created_at = models.DateTimeField(_("arkiveret"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("godkendt arkivversion")
        verbose_name_plural = _("godkendte arkivversioner")

    def __str__(self):
        return str(self.decision)

    def verify(self):
        """Recomputes every hash. Returns a list of (label, ok) pairs."""
        results = [(gettext("Indholdet"), content_hash(self.content) == self.content_sha256)]
        with self.pdf.open("rb") as handle:
            results.append(
                (gettext("Den arkiverede PDF"), hashlib.file_digest(handle, "sha256").hexdigest() == self.pdf_sha256)
            )
        files = {a.pk: a for a in self.decision.report.attachments.all()}
        for item in self.content.get("attachments", []):
            attachment = files.get(item["id"])
            ok = False
            if attachment is not None and attachment.file:
                try:
                    with attachment.file.open("rb") as handle:
                        ok = hashlib.file_digest(handle, "sha256").hexdigest() == item["sha256"]
                except FileNotFoundError:
                    ok = False
            results.append((gettext("Bilag %(number)s: %(title)s") % item, ok))
        return results
