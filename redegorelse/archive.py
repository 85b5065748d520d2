"""Freezing an approved report: its content with the decision, and the PDF as rendered then."""

import hashlib

from django.core.files.base import ContentFile

from .models import ApprovedSnapshot, Report
from .pdf import render_document_pdf
from .snapshot import build_content, content_hash, frozen_document


def archive_approved(report, decision):
    """Call inside snapshot.service_language(): the record is frozen in Danish."""
    content = build_content(Report.objects.with_document().get(pk=report.pk))
    content["decision"] = {
        "heading": decision.block_heading,
        "outcome": decision.outcome,
        "text": decision.decision_text,
        "changes": decision.changes_text,
        "meeting_date": decision.meeting_date.isoformat(),
        "agenda_item": decision.agenda_item,
        "committee_case_number": decision.committee_case_number,
    }
    snapshot = ApprovedSnapshot(decision=decision, content=content, content_sha256=content_hash(content))
    # The PDF is rendered from the frozen content itself, through the same template as the
    # statusrapport's copy of the report, so the two say the same word for word.
    pdf = render_document_pdf(frozen_document(snapshot))
    snapshot.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    snapshot.pdf.save("archive.pdf", ContentFile(pdf), save=False)
    snapshot.save()
    return snapshot
