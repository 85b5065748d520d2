from django import template
from django.utils.translation import gettext as _

from redegorelse.diff import inline_diff

register = template.Library()


def in_words(value):
    """A yes/no field's stored "True"/"False" as the interface's Ja/Nej."""
    return {"True": _("Ja"), "False": _("Nej"), "None": ""}.get(value, value)


@register.simple_tag
def diff(old, new):
    return inline_diff(in_words(old), in_words(new))


@register.filter
def with_version_labels(revisions):
    """Marks the revisions that did not move the version (bilag changes), so each "version N" in
    the history is shown once, on the revision that made it."""
    revisions = list(revisions)
    seen = set()
    for revision in reversed(revisions):  # oldest first
        revision.made_version = revision.version not in seen
        seen.add(revision.version)
    return revisions


@register.filter
def label_in_language(label):
    """A change's label is stored in Danish when it is recorded ("Problemstilling"); shown in the
    reader's language where the catalogue has it."""
    return _(label) if label else label
