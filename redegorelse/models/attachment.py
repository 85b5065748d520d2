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
        constraints = [
            # "Bilag N" is the position: two bilag of a report can never share a number.
            models.UniqueConstraint(fields=["report", "position"], name="attachment_unique_position"),
        ]

    def __str__(self):
        return self.title

    @property
    def number(self):
        """'Bilag N': its place in the report's list (add, move and remove keep it 1, 2, 3 …)."""
        return self.position

    # -- changes: each locks the report row first, so two requests on the same report's bilag
    # -- run one after the other, and re-checks under the lock that the report is still a draft.

    @classmethod
    @transaction.atomic
    def add(
        cls,
        report,
        *,
        by,
        file,
        title,
        description="",
        alt_text="",
        original_name,
        kind,
        size,
        sha256,
        page_count=None,
        tagged=None,
    ):
        """Adds a bilag as the report's last. The next number is read under the report's lock, so
        two uploads at the same moment get 1 and 2, never the same number (the database's unique
        constraint is the guarantee behind it)."""
        report = locked_for_bilag(report)
        siblings = Attachment.objects.filter(report=report)
        if siblings.count() >= settings.ATTACHMENT_MAX_PER_REPORT:
            raise ValidationError(
                gettext("En redegørelse kan højst have %(max)s bilag. Fjern et bilag, før du tilføjer et nyt.")
                % {"max": settings.ATTACHMENT_MAX_PER_REPORT}
            )
        last = siblings.aggregate(last=models.Max("position"))["last"] or 0
        attachment = cls.objects.create(
            report=report,
            position=last + 1,
            title=title,
            description=description,
            file=file,
            original_name=original_name,
            kind=kind,
            size=size,
            sha256=sha256,
            page_count=page_count,
            tagged=tagged,
            alt_text=alt_text,
            uploaded_by=by,
        )
        report.record_attachment_change(by=by, label=_("Bilag tilføjet"), old="", new=title)
        return attachment

    @transaction.atomic
    def edit(self, *, by, title, description, alt_text=None):
        report = locked_for_bilag(self.report)
        current = Attachment.objects.get(pk=self.pk)
        alt_text = current.alt_text if alt_text is None else alt_text
        Attachment.objects.filter(pk=self.pk).update(title=title, description=description, alt_text=alt_text)
        self.title, self.description, self.alt_text = title, description, alt_text
        if current.title != title:
            report.record_attachment_change(by=by, label=_("Bilagets titel"), old=current.title, new=title)

    @transaction.atomic
    def move(self, direction, *, by):
        """Swaps places with the neighbouring bilag, which renumbers both."""
        report = locked_for_bilag(self.report)
        siblings = list(Attachment.objects.filter(report=report).order_by("position", "pk"))
        index = next(i for i, a in enumerate(siblings) if a.pk == self.pk)
        other = index - 1 if direction == "up" else index + 1
        if not 0 <= other < len(siblings):
            return
        siblings[index], siblings[other] = siblings[other], siblings[index]
        renumber(siblings)
        report.record_attachment_change(
            by=by,
            label=_("Bilagenes rækkefølge"),
            old=f"{index + 1}. {self.title}",
            new=f"{other + 1}. {self.title}",
        )

    @transaction.atomic
    def remove(self, *, by):
        report = locked_for_bilag(self.report)
        title, file = self.title, self.file
        self.delete()
        renumber(list(Attachment.objects.filter(report=report).order_by("position", "pk")))
        report.record_attachment_change(by=by, label=_("Bilag fjernet"), old=title, new="")
        # The file goes only once the database change is certain.
        transaction.on_commit(lambda: file.storage.delete(file.name))


def locked_for_bilag(report):
    """The report row, locked until the transaction ends, if its bilag may still change."""
    current = type(report).objects.select_for_update().get(pk=report.pk)
    if not current.is_editable:
        raise ValidationError(gettext("Redegørelsen er indsendt; dens bilag kan ikke ændres."))
    return current


def renumber(attachments):
    """Numbers the bilag 1, 2, 3 … in the given order. Rows that move go to free numbers above
    the list first, so no statement ever meets the unique (report, position) constraint with a
    number another row still holds, on any database."""
    moving = [(position, a) for position, a in enumerate(attachments, start=1) if a.position != position]
    top = max((a.position for a in attachments), default=0)
    for offset, (_position, attachment) in enumerate(moving, start=1):
        Attachment.objects.filter(pk=attachment.pk).update(position=top + offset)
    for position, attachment in moving:
        Attachment.objects.filter(pk=attachment.pk).update(position=position)
        attachment.position = position
