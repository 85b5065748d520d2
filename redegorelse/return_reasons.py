"""The committee's reasons for sending a report back, shown where the case worker does the work:
on the edit pages (a summary at the top and each reason beside its section) until the report is
submitted again, and on the submit page with what has changed since."""

from dataclasses import dataclass

from django.urls import reverse

from .diff import inline_diff
from .models import Outcome, Section
from .snapshot import build_content, section_texts

# Where each section is edited: the page's URL name and the anchor of the section on it.
SECTION_PLACES = {
    Section.GENERAL: ("redegorelse:report-edit", ""),
    Section.RECOMMENDATION: ("redegorelse:report-edit", "afsnit-indstilling"),
    Section.PROBLEM: ("redegorelse:report-edit", "afsnit-problemstilling"),
    Section.SOLUTION: ("redegorelse:report-edit", "afsnit-loesning"),
    Section.ECONOMY: ("redegorelse:report-edit", "afsnit-oekonomi"),
    Section.NEXT_STEPS: ("redegorelse:report-edit", "afsnit-videre-proces"),
    Section.ASSESSMENTS: ("redegorelse:report-assessments", ""),
    Section.INITIATIVES: ("redegorelse:report-initiatives", ""),
    Section.ATTACHMENTS: ("redegorelse:attachment-list", ""),
}
# The position of each section in snapshot.section_texts().
SECTION_TEXT_INDEX = {
    Section.RECOMMENDATION: 0,
    Section.PROBLEM: 1,
    Section.SOLUTION: 2,
    Section.ASSESSMENTS: 3,
    Section.INITIATIVES: 4,
    Section.ECONOMY: 5,
    Section.NEXT_STEPS: 6,
    Section.ATTACHMENTS: 8,
}


@dataclass
class OpenReason:
    section: str
    label: str
    text: str
    url: str


def returning_decision(report):
    """The decision that sent the report back, while the report has not been submitted again."""
    if report.is_submitted:
        return None
    latest = report.decisions.select_related("submission").prefetch_related("reasons").order_by("-pk").first()
    if latest is None or latest.outcome != Outcome.RETURNED:
        return None
    return latest


def open_reasons(report):
    """The open reasons, each with a link to where its section is edited."""
    decision = returning_decision(report)
    if decision is None:
        return None, []
    reasons = []
    for reason in decision.reasons.all():
        url_name, anchor = SECTION_PLACES[Section(reason.section)]
        url = reverse(url_name, args=[report.pk]) + (f"#{anchor}" if anchor else "")
        reasons.append(OpenReason(reason.section, reason.get_section_display(), reason.text, url))
    return decision, reasons


def reasons_with_changes(report):
    """For the submit page: each open reason with what changed in its section since it was sent back."""
    decision, reasons = open_reasons(report)
    if decision is None:
        return []
    before = section_texts(decision.submission.content)
    now = section_texts(build_content(report))
    changed_labels = [label for (label, old), (_l, new) in zip(before, now, strict=True) if old != new]
    result = []
    for reason in reasons:
        index = SECTION_TEXT_INDEX.get(Section(reason.section))
        if index is None:  # the report as a whole: which sections changed
            result.append({"reason": reason, "changed": bool(changed_labels), "changed_sections": changed_labels})
            continue
        old, new = before[index][1], now[index][1]
        result.append({"reason": reason, "changed": old != new, "diff": inline_diff(old, new) if old != new else ""})
    return result
