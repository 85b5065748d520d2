"""The samlet statusrapport as an export job: requested by BIF, rendered by a worker, kept with
its hash. Every state change is a conditional update or runs under a row lock, so two people
pressing export at once get one job, and a file is only listed once it is completely written."""

import hashlib
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


class Edition(models.TextChoices):
    DRAFT = "draft", _("Udkast")
    FINAL = "final", _("Endelig")


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("I kø")
    RUNNING = "running", _("I gang")
    DONE = "done", _("Færdig")
    FAILED = "failed", _("Fejlet")
    CANCELLED = "cancelled", _("Annulleret")


ACTIVE = (ExportStatus.QUEUED, ExportStatus.RUNNING)


class Cancelled(Exception):
    """Raised inside the rendering when BIF has cancelled the job."""


class StatusReportIntroduction(models.Model):
    """BIF's introduction to the round's statusrapport, written in the app."""

    round = models.OneToOneField(
        "redegorelse.ReportingRound", on_delete=models.CASCADE, related_name="statusreport_introduction"
    )
    text = models.TextField(_("indledning"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("sidst ændret"), auto_now=True)

    class Meta:
        verbose_name = _("indledning til statusrapporten")
        verbose_name_plural = _("indledninger til statusrapporten")

    def __str__(self):
        return str(self.round)


class StatusReportExportQuerySet(models.QuerySet):
    def for_round(self, round):
        return self.filter(round=round)

    def active(self):
        return self.filter(status__in=ACTIVE)

    def finished(self):
        return self.filter(status=ExportStatus.DONE).select_related("requested_by").order_by("-finished_at", "-pk")

    def stale(self, now=None):
        """Running jobs whose worker has not reported for longer than the heartbeat timeout."""
        now = now or timezone.now()
        limit = now - timezone.timedelta(seconds=settings.STATUSREPORT_HEARTBEAT_TIMEOUT)
        return self.filter(status=ExportStatus.RUNNING, heartbeat_at__lt=limit)


def export_path(instance, filename):
    return f"statusrapporter/{instance.round.year}/{instance.pk}-{instance.sha256[:12]}.pdf"


class StatusReportExport(models.Model):
    round = models.ForeignKey(
        "redegorelse.ReportingRound", on_delete=models.PROTECT, related_name="statusreport_exports"
    )
    edition = models.CharField(_("udgave"), max_length=10, choices=Edition.choices)
    status = models.CharField(_("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    input_hash = models.CharField(_("hash af indholdet"), max_length=64)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("bestilt"), default=timezone.now)
    started_at = models.DateTimeField(_("startet"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("færdig"), null=True, blank=True)
    progress = models.PositiveSmallIntegerField(_("fremdrift"), default=0)
    step = models.CharField(_("trin"), max_length=200, blank=True)
    error = models.TextField(_("fejl"), blank=True)
    file = models.FileField(_("fil"), upload_to=export_path, max_length=300, blank=True)
    size = models.PositiveBigIntegerField(_("størrelse"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    page_count = models.PositiveIntegerField(_("sider"), null=True, blank=True)
    # The endelig editions are the round's record: numbered when finished, never made again
    # from later data, and a second one only with a reason.
    number = models.PositiveSmallIntegerField(_("endelig udgave nr."), null=True, blank=True)
    reason = models.TextField(_("begrundelse for en ny endelig udgave"), blank=True)

    objects = StatusReportExportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("eksport af statusrapport")
        verbose_name_plural = _("eksporter af statusrapport")
        constraints = [
            # Two people pressing export at once get one job.
            models.UniqueConstraint(
                fields=["round", "edition"],
                condition=Q(status__in=["queued", "running"]),
                name="statusreport_one_active_export",
            ),
            models.UniqueConstraint(
                fields=["round", "number"],
                condition=Q(edition="final", number__isnull=False),
                name="statusreport_final_number_unique",
            ),
        ]

    def __str__(self):
        return f"{self.round.year} {self.get_edition_display()} ({self.get_status_display()})"

    @property
    def is_active(self):
        return self.status in ACTIVE

    @property
    def filename(self):
        suffix = f"-{self.number}" if self.edition == Edition.FINAL and self.number else ""
        return f"samlet-statusrapport-{self.round.year}-{self.get_edition_display().lower()}{suffix}.pdf"

    @property
    def is_archived(self):
        return self.edition == Edition.FINAL and self.status == ExportStatus.DONE

    def verify(self):
        """(label, ok) pairs: the stored file is there and still has the hash taken when it was made."""
        try:
            with self.file.open("rb") as handle:
                digest = hashlib.file_digest(handle, "sha256").hexdigest()
        except (FileNotFoundError, ValueError):
            return [(gettext("Filen findes i arkivet"), False)]
        return [
            (gettext("Filen findes i arkivet"), True),
            (gettext("Filens SHA-256 svarer til den, der blev gemt, da udgaven blev lavet"), digest == self.sha256),
        ]

    @classmethod
    def fail_stale(cls):
        """Marks jobs whose worker has died as failed, so they can be tried again."""
        return cls.objects.stale().update(
            status=ExportStatus.FAILED,
            finished_at=timezone.now(),
            error=gettext("Eksporten holdt op med at svare (arbejdsprocessen stoppede). Prøv igen."),
        )

    def start(self):
        """Queued → running. False when the job was cancelled before a worker took it."""
        now = timezone.now()
        started = (
            type(self)
            .objects.filter(pk=self.pk, status=ExportStatus.QUEUED)
            .update(status=ExportStatus.RUNNING, started_at=now, heartbeat_at=now, step=gettext("Henter data"))
        )
        self.refresh_from_db()
        return bool(started)

    def beat(self, progress, step):
        """Records progress and the heartbeat; raises Cancelled when BIF has cancelled the job."""
        updated = (
            type(self)
            .objects.filter(pk=self.pk, status=ExportStatus.RUNNING)
            .update(progress=min(progress, 99), step=step[:200], heartbeat_at=timezone.now())
        )
        if not updated:
            raise Cancelled

    def finish(self, pdf, *, page_count):
        """Running → done. The file is written first and listed only when the row says so; a
        failure in between removes the file again."""
        self.sha256 = hashlib.sha256(pdf).hexdigest()
        self.file.save("statusrapport.pdf", ContentFile(pdf), save=False)
        number = None
        if self.edition == Edition.FINAL:
            # Only one endelig job runs per round at a time (the constraint above), so the count is stable.
            number = type(self).objects.filter(round_id=self.round_id, edition=Edition.FINAL, number__isnull=False)
            number = number.count() + 1
        try:
            updated = (
                type(self)
                .objects.filter(pk=self.pk, status=ExportStatus.RUNNING)
                .update(
                    number=number,
                    status=ExportStatus.DONE,
                    finished_at=timezone.now(),
                    progress=100,
                    step=gettext("Færdig"),
                    file=self.file.name,
                    size=len(pdf),
                    sha256=self.sha256,
                    page_count=page_count,
                )
            )
        except DatabaseError:
            self.file.delete(save=False)
            raise
        if not updated:
            self.file.delete(save=False)
            raise Cancelled
        self.refresh_from_db()

    def fail(self, reason):
        type(self).objects.filter(pk=self.pk, status__in=ACTIVE).update(
            status=ExportStatus.FAILED, finished_at=timezone.now(), error=reason
        )
        self.refresh_from_db()

    def cancel(self, *, by):
        with transaction.atomic():
            export = type(self).objects.select_for_update().get(pk=self.pk)
            if not export.is_active:
                raise ValidationError(gettext("Eksporten er ikke i gang og kan ikke annulleres."))
            export.status = ExportStatus.CANCELLED
            export.finished_at = timezone.now()
            export.error = gettext("Annulleret af %(user)s.") % {"user": by.get_full_name() or by.get_username()}
            export.save(update_fields=["status", "finished_at", "error"])
        logger.info("Statusreport export %s cancelled by %s", self.pk, by.pk)
        self.refresh_from_db()
