from django import template

from redegorelse.snapshot import live_document

register = template.Library()


@register.simple_tag
def report_document(report):
    """The live report as the document partial renders it, for pages that pass only `report`."""
    return live_document(report)
