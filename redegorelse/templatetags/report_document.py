import json

from django import template
from django.template.loader import render_to_string

from config import fragments
from redegorelse.snapshot import live_document

register = template.Library()

DOCUMENT = "redegorelse/_document.html"
# What writes the document besides its content: its template, its tags and filters, and the
# module that builds the document from the report (and, in code_version, the translations).
DOCUMENT_CODE = fragments.code_version(
    "templates/" + DOCUMENT, "redegorelse/templatetags/report_*.py", "redegorelse/snapshot.py"
)


@register.simple_tag
def report_document(report):
    """The live report as the document partial renders it, for pages that pass only `report`."""
    return live_document(report)


@register.simple_tag
def live_document_html(report):
    """The live report written as redegorelse/_document.html, once per state of the document it
    shows (its content, date and decision as plain data) and shared by every process
    (config/fragments.py). The caller has checked that the user may read the report."""
    doc = live_document(report)
    key = fragments.key_for("report-document", DOCUMENT_CODE, json.dumps(doc, sort_keys=True, default=str))
    return fragments.cached(key, lambda: render_to_string(DOCUMENT, {"doc": doc}))
