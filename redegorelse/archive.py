"""Freezing an approved report: its content with the decision, and the PDF as rendered then."""

import hashlib

from django.core.files.base import ContentFile

from .models import ApprovedSnapshot, Report
from .pdf import render_report_pdf
from .snapshot import build_content, content_hash


def archive_approved(report, decision):
    content = build_content(report)
    content["decision"] = {
        "heading": decision.block_heading,
        "outcome": decision.outcome,
        "text": decision.decision_text,
        "changes": decision.changes_text,
        "meeting_date": decision.meeting_date.isoformat(),
        "agenda_item": decision.agenda_item,
        "committee_case_number": decision.committee_case_number,
    }
    document = Report.objects.with_document().get(pk=report.pk)
    pdf = render_report_pdf(document)
    snapshot = ApprovedSnapshot(
        decision=decision,
        content=content,
        content_sha256=content_hash(content),
        pdf_sha256=hashlib.sha256(pdf).hexdigest(),
    )
    snapshot.pdf.save("archive.pdf", ContentFile(pdf), save=False)
    snapshot.save()
    return snapshot
