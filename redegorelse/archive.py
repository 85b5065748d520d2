"""Freezing an approved report: its content with the decision, and the PDF as rendered then.

The PDF takes a while to render, so it is rendered before the report's row is locked
(`render_approval`), and stored inside the locked transaction (`store_approval`) only if the
report is still at the version it was rendered from (workflow.record_decision checks that)."""

import hashlib
from dataclasses import dataclass

from django.core.files.base import ContentFile

from .models import ApprovedSnapshot, Report
from .pdf import render_document_pdf
from .snapshot import build_content, content_hash, frozen_document


@dataclass(frozen=True)
class RenderedApproval:
    version: int  # the report's version the content and the PDF were made from
    content: dict
    pdf: bytes


def render_approval(report, decision):
    """The record of `decision` (not saved yet, its submission set) on the report as it is now.
    Call inside snapshot.service_language(): the record is frozen in Danish."""
    current = Report.objects.with_document().get(pk=report.pk)
    content = build_content(current)
    content["decision"] = {
        "heading": decision.block_heading,
        "outcome": decision.outcome,
        "text": decision.decision_text,
        "changes": decision.changes_text,
        "meeting_date": decision.meeting_date.isoformat(),
        "agenda_item": decision.agenda_item,
        "committee_case_number": decision.committee_case_number,
    }
    # The PDF is rendered from the frozen content itself, through the same template as the
    # statusrapport's copy of the report, so the two say the same word for word.
    pdf = render_document_pdf(frozen_document(ApprovedSnapshot(decision=decision, content=content)))
    return RenderedApproval(current.version, content, pdf)


def store_approval(rendered, decision):
    """Archives a rendered approval under the saved decision, with its hashes."""
    snapshot = ApprovedSnapshot(
        decision=decision,
        content=rendered.content,
        content_sha256=content_hash(rendered.content),
        pdf_sha256=hashlib.sha256(rendered.pdf).hexdigest(),
    )
    snapshot.pdf.save("archive.pdf", ContentFile(rendered.pdf), save=False)
    snapshot.save()
    return snapshot
