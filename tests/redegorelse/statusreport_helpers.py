"""Approved reports with tiny bilag, for the statusrapport tests (kept small: PDFs cost time)."""

import datetime
import hashlib
import io

import pikepdf
from django.core.files.base import ContentFile

from redegorelse.models import Attachment, Outcome
from tests import factories


def tiny_pdf(*texts):
    """A PDF with one page per text, each page showing its text."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)
    )
    for text in texts:
        page = pdf.add_blank_page(page_size=(595, 842))
        page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        page.obj.Contents = pdf.make_stream(f"BT /F1 14 Tf 72 760 Td ({text}) Tj ET".encode("latin-1"))
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def add_bilag(report, by, position, title, raw, kind="pdf", page_count=None):
    attachment = Attachment(
        report=report,
        position=position,
        title=title,
        original_name=f"bilag{position}.{kind}",
        kind=kind,
        size=len(raw),
        sha256=hashlib.sha256(raw).hexdigest(),
        page_count=page_count,
        uploaded_by=by,
    )
    attachment.file.save(f"bilag{position}.{kind}", ContentFile(raw), save=False)
    attachment.save()
    return attachment


def approve(report, worker, secretary, problem="Problemstillingen."):
    factories.complete_report(report)
    type(report).objects.filter(pk=report.pk).update(problem=problem)
    report.refresh_from_db()
    report.submit(by=worker)
    factories.backdate_submission(report)
    report.record_decision(
        by=secretary,
        version=report.version,
        after_decision=None,
        meeting_date=datetime.date(2009, 4, 22),
        outcome=Outcome.APPROVED,
        decision_text="Indstillingen blev godkendt.",
    )
    report.refresh_from_db()
    return report
