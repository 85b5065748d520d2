"""Deciding what an uploaded bilag really is, from its content and never from its name.

Every refusal is a ValidationError whose Danish message names the file and the reason, raised
before anything is stored."""

import hashlib
import warnings
import zipfile
from dataclasses import dataclass

import pikepdf
from defusedxml import ElementTree
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image

from organisation.textinput import unpacks_within
from pdfua.graft import is_tagged

from .models import AttachmentKind

# Pillow refuses images above this many pixels (decompression bombs); an A4 scan at 600 dpi is ~35 M.
Image.MAX_IMAGE_PIXELS = 60_000_000

OOXML_MAIN_PARTS = {
    AttachmentKind.DOCX: ("word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml"),
    AttachmentKind.XLSX: ("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml"),
}
CONTENT_TYPES = {
    AttachmentKind.PDF: "application/pdf",
    AttachmentKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    AttachmentKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    AttachmentKind.PNG: "image/png",
    AttachmentKind.JPEG: "image/jpeg",
}
EXTENSIONS = {
    AttachmentKind.PDF: ".pdf",
    AttachmentKind.DOCX: ".docx",
    AttachmentKind.XLSX: ".xlsx",
    AttachmentKind.PNG: ".png",
    AttachmentKind.JPEG: ".jpg",
}


@dataclass
class Inspection:
    kind: str
    sha256: str
    size: int
    page_count: int | None = None
    tagged: bool | None = None  # PDFs only: has a structure tree (accessible to screen readers)


def refuse(name, reason):
    raise ValidationError(
        _("Filen »%(name)s« kan ikke bruges som bilag: %(reason)s") % {"name": name, "reason": reason}
    )


def inspect_upload(upload):
    """Returns what the file is, or raises ValidationError. `upload` is a Django UploadedFile."""
    name = upload.name
    if upload.size == 0:
        refuse(name, _("filen er tom."))
    if upload.size > settings.ATTACHMENT_MAX_BYTES:
        refuse(
            name,
            _("filen fylder %(size)s, og et bilag må højst fylde %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES)},
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    tagged = None
    if head.startswith(b"%PDF-"):
        kind, page_count = AttachmentKind.PDF, inspect_pdf(upload, name)
        tagged = is_tagged_pdf(upload)
    elif head.startswith(b"PK\x03\x04"):
        kind, page_count = inspect_ooxml(upload, name), None
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        kind, page_count = inspect_image(upload, name, "PNG"), None
    elif head.startswith(b"\xff\xd8\xff"):
        kind, page_count = inspect_image(upload, name, "JPEG"), None
    else:
        refuse(name, _("indholdet er ikke en PDF-, Word- (DOCX), Excel- (XLSX), PNG- eller JPEG-fil."))
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return Inspection(kind=kind, sha256=digest.hexdigest(), size=upload.size, page_count=page_count, tagged=tagged)


def is_tagged_pdf(upload):
    """Whether a (readable, already inspected) PDF is tagged: a structure tree and /Marked."""
    upload.seek(0)
    try:
        with pikepdf.open(upload) as pdf:
            return is_tagged(pdf)
    except pikepdf.PdfError:
        return False
    finally:
        upload.seek(0)


DAMAGED_PDF = gettext_lazy(
    "PDF-filen er beskadiget eller ufuldstændig (måske blev den kun delvist hentet eller gemt). "
    "Gem eller hent den igen, og tilføj den på ny."
)


def inspect_pdf(upload, name):
    """Opened without qpdf's recovery: a file that needs repairing is damaged, and a repaired
    copy may lack pages (a cut-off file came back as one page of two)."""
    try:
        with pikepdf.open(upload, attempt_recovery=False) as pdf:
            if pdf.is_encrypted:
                refuse(name, _("PDF-filen er krypteret eller beskyttet med adgangskode. Gem den uden beskyttelse."))
            if has_active_content(pdf):
                refuse(name, _("PDF-filen indeholder JavaScript eller handlinger, der starter programmer."))
            page_count = len(pdf.pages)
            for page in pdf.pages:
                page.obj.get("/Contents")  # reads each page's objects, so damage shows as a warning
            if pdf.get_warnings():
                refuse(name, str(DAMAGED_PDF))
    except pikepdf.PasswordError:
        refuse(name, _("PDF-filen er krypteret eller beskyttet med adgangskode. Gem den uden beskyttelse."))
    except pikepdf.PdfError:
        refuse(name, str(DAMAGED_PDF))
    if page_count == 0:
        refuse(name, _("PDF-filen har ingen sider."))
    return page_count


def has_active_content(pdf):
    root = pdf.Root
    if "/Names" in root and "/JavaScript" in root.Names:
        return True
    open_action = root.get("/OpenAction")
    if isinstance(open_action, pikepdf.Dictionary) and open_action.get("/S") in ("/JavaScript", "/Launch"):
        return True
    for page in pdf.pages:
        for annotation in page.get("/Annots", []) or []:
            action = annotation.get("/A") if isinstance(annotation, pikepdf.Dictionary) else None
            if isinstance(action, pikepdf.Dictionary) and action.get("/S") in ("/JavaScript", "/Launch"):
                return True
    return False


def inspect_ooxml(upload, name):
    """A DOCX or XLSX is a zip with [Content_Types].xml and its main part, within the size limit."""
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" not in names:
                refuse(name, _("filen er en zip-fil, men ikke et Word- eller Excel-dokument."))
            kind = next((k for k, (part, _t) in OOXML_MAIN_PARTS.items() if part in names), None)
            if kind is None:
                refuse(name, _("filen er en zip-fil, men ikke et Word- eller Excel-dokument."))
            if len(names) > settings.ATTACHMENT_MAX_ZIP_ENTRIES:
                refuse(name, _("dokumentet indeholder usædvanligt mange dele."))
            if not unpacks_within(archive, settings.ATTACHMENT_MAX_UNCOMPRESSED_BYTES):
                refuse(name, _("dokumentet fylder alt for meget, når det pakkes ud."))
            content_types = ElementTree.fromstring(archive.read("[Content_Types].xml"))
    except zipfile.BadZipFile:
        refuse(name, _("filen ligner et Word- eller Excel-dokument, men kan ikke åbnes."))
    except ElementTree.ParseError:
        refuse(name, _("dokumentets indholdsfortegnelse kan ikke læses."))
    except (ValueError, RuntimeError, NotImplementedError, EOFError, OSError):
        # zipfile raises these for encrypted entries, unknown compression and truncated data.
        refuse(name, _("filen ligner et Word- eller Excel-dokument, men kan ikke åbnes."))
    expected = OOXML_MAIN_PARTS[kind][1]
    declared = " ".join(element.get("ContentType", "") for element in content_types)
    if expected not in declared:
        refuse(name, _("dokumentets indhold passer ikke til et Word- eller Excel-dokument."))
    return kind


def inspect_image(upload, name, expected_format):
    try:
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that; refuse those too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                if image.format != expected_format:
                    refuse(name, _("billedet kan ikke læses."))
                image.verify()
            upload.seek(0)
            with Image.open(upload) as image:
                image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        refuse(name, _("billedet har alt for mange pixels."))
    except (OSError, SyntaxError, ValueError):
        refuse(name, _("billedet kan ikke læses. Det er måske beskadiget."))
    return AttachmentKind.PNG if expected_format == "PNG" else AttachmentKind.JPEG


def verified_name(name, kind):
    """The uploader's file name with the extension of what the file really is: a PDF named
    evil.html is stored, listed and downloaded as evil.pdf."""
    stem, dot, suffix = safe_original_name(name).rpartition(".")
    if not dot or not stem:
        stem, suffix = safe_original_name(name), ""
    if f".{suffix.lower()}" == EXTENSIONS[kind] or (kind == AttachmentKind.JPEG and suffix.lower() == "jpeg"):
        return f"{stem}.{suffix}"
    return f"{stem}{EXTENSIONS[kind]}"


def download(attachment):
    """(file name, Content-Type) for a download, both from the verified kind, whatever the name
    was when it was uploaded."""
    return verified_name(attachment.original_name, attachment.kind), CONTENT_TYPES[attachment.kind]


def safe_original_name(name):
    """The uploader's file name, kept only as data: no folders, no odd characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    try:
        return get_valid_filename(base)[:255]
    except SuspiciousFileOperation:
        return "bilag"
