"""Approved reports with tiny bilag, for the statusrapport tests (kept small: PDFs cost time)."""

import datetime
import hashlib

from django.core.files.base import ContentFile
from django.utils.html import escape
from weasyprint import HTML

from redegorelse import workflow
from redegorelse.models import Attachment, Outcome
from tests import factories


def tiny_pdf(*texts):
    """An untagged PDF (fonts embedded, as most are) with one page per text, showing its text."""
    return _weasy_pdf(texts, tagged=False)


def tagged_pdf(*texts, title="Tagget bilag"):
    """A tagged PDF/UA bilag: a heading and a two-row table on the first page, one page per text."""
    return _weasy_pdf(texts, tagged=True, title=title)


def _weasy_pdf(texts, tagged, title="Bilag"):
    pages = "".join(
        f'<section style="break-after: page"><h1>{escape(text)}</h1><p>Tekst på siden.</p>'
        + (
            "<table><caption>Tal</caption><thead><tr><th scope='col'>År</th><th scope='col'>Antal</th></tr></thead>"
            "<tbody><tr><td>2008</td><td>4</td></tr><tr><td>2009</td><td>2</td></tr></tbody></table>"
            if index == 0
            else ""
        )
        + "</section>"
        for index, text in enumerate(texts)
    )
    html = f'<html lang="da"><head><title>{escape(title)}</title></head><body>{pages}</body></html>'
    options = {"pdf_variant": "pdf/ua-1"} if tagged else {}
    return HTML(string=html).write_pdf(**options)


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
    workflow.submit(report, by=worker)
    factories.backdate_submission(report)
    workflow.record_decision(
        report,
        by=secretary,
        version=report.version,
        after_decision=None,
        meeting_date=datetime.date(2009, 4, 22),
        outcome=Outcome.APPROVED,
        decision_text="Indstillingen blev godkendt.",
    )
    report.refresh_from_db()
    return report
