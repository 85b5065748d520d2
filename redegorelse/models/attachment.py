"""A bilag: a file with a title and a number, checked by content when uploaded (attachments.py)."""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


def attachment_path(instance, filename):
    """Generated names only: the uploader's file name is kept as data, never as a path."""
    return f"bilag/{instance.report_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class AttachmentKind(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word (DOCX)"
    XLSX = "xlsx", "Excel (XLSX)"
    PNG = "png", "PNG"
    JPEG = "jpeg", "JPEG"


class AttachmentQuerySet(models.QuerySet):
    def for_report(self, report):
        return self.filter(report=report).order_by("position", "pk")


class Attachment(models.Model):
    """A bilag. Its number is its place in the report's list, so reordering renumbers."""

    report = models.ForeignKey("redegorelse.Report", on_delete=models.CASCADE, related_name="attachments")
    position = models.PositiveIntegerField(_("rækkefølge"), default=0)
    title = models.CharField(_("titel"), max_length=300)
    description = models.TextField(_("beskrivelse"), blank=True)
    file = models.FileField(_("fil"), upload_to=attachment_path, max_length=300)
    original_name = models.CharField(_("oprindeligt filnavn"), max_length=255)
    kind = models.CharField(_("filtype"), max_length=10, choices=AttachmentKind.choices)
    size = models.PositiveBigIntegerField(_("størrelse (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    page_count = models.PositiveIntegerField(_("sider"), null=True, blank=True)
    tagged = models.BooleanField(
        _("tilgængelig PDF (tagget)"),
        null=True,
        blank=True,
        help_text=_("Om PDF-filen har et strukturtræ, så skærmlæsere kan læse den. Tom for andre filtyper."),
    )
    alt_text = models.TextField(
        _("tekstalternativ"),
        blank=True,
        help_text=_(
            "Hvad bilaget viser, med ord, for den, der ikke kan se det (bruges når filen ikke er tilgængelig)."
        ),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploadet af")
    )
    uploaded_at = models.DateTimeField(_("uploadet"), auto_now_add=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("bilag")
        verbose_name_plural = _("bilag")

    def __str__(self):
        return self.title

    @property
    def number(self):
        """'Bilag N': its place in the report's list (store, move and remove keep it 1, 2, 3 …)."""
        return self.position

    def check_editable(self):
        if not self.report.is_editable:
            raise ValidationError(gettext("Redegørelsen er indsendt; dens bilag kan ikke ændres."))

    @transaction.atomic
    def move(self, direction, *, by):
        """Swaps places with the neighbouring bilag, which renumbers both."""
        self.check_editable()
        siblings = list(Attachment.objects.select_for_update().filter(report=self.report).order_by("position", "pk"))
        index = next(i for i, a in enumerate(siblings) if a.pk == self.pk)
        other = index - 1 if direction == "up" else index + 1
        if not 0 <= other < len(siblings):
            return
        siblings[index], siblings[other] = siblings[other], siblings[index]
        for position, attachment in enumerate(siblings, start=1):
            if attachment.position != position:
                Attachment.objects.filter(pk=attachment.pk).update(position=position)
        self.report.record_attachment_change(
            by=by,
            label=gettext("Bilagenes rækkefølge"),
            old=f"{index + 1}. {self.title}",
            new=f"{other + 1}. {self.title}",
        )

    @transaction.atomic
    def remove(self, *, by):
        self.check_editable()
        report, title, file = self.report, self.title, self.file
        self.delete()
        for position, pk in enumerate(
            Attachment.objects.filter(report=report).order_by("position", "pk").values_list("pk", flat=True), start=1
        ):
            Attachment.objects.filter(pk=pk).update(position=position)
        report.record_attachment_change(by=by, label=gettext("Bilag fjernet"), old=title, new="")
        # The file goes only once the database change is certain.
        transaction.on_commit(lambda: file.storage.delete(file.name))
