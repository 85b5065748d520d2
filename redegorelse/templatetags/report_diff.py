from django import template
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from config import fragments
from redegorelse.diff import inline_diff

register = template.Library()

TIMELINE = "redegorelse/_timeline.html"
# What writes the timeline besides the revisions: its template, these tags, the word diff and the
# models' labels (and, in code_version, the translations).
TIMELINE_CODE = fragments.code_version(
    "templates/" + TIMELINE, "redegorelse/templatetags/report_diff.py", "redegorelse/diff.py", "redegorelse/models/*.py"
)


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


@register.simple_tag
def timeline(revisions, compact):
    """redegorelse/_timeline.html for these revisions (with their `by` and `changes` fetched),
    written once per state of everything it shows (who, when, what kind, which version, each
    change's label and texts) and shared by every process (config/fragments.py): a history page
    shows 25 revisions with a word diff of every change. The caller has checked that the user
    may read the report."""
    revisions = list(revisions)
    inputs = (
        bool(compact),
        [
            (
                r.pk,
                r.kind,
                r.at.isoformat(),
                r.by.get_full_name() if r.by else None,
                r.by.username if r.by else None,
                r.version,
                [(c.label, c.old, c.new) for c in r.changes.all()],
            )
            for r in revisions
        ],
    )
    key = fragments.key_for("timeline", TIMELINE_CODE, inputs)
    return fragments.cached(key, lambda: render_to_string(TIMELINE, {"revisions": revisions, "compact": compact}))
