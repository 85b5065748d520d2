"""The report's three edit sections (indstilling, målvurderinger, indsatser): how each binds its
forms, and how a save turns into a versioned change with readable history.

Every section is saved through Report.apply_edit, so the version check, the conflict and the
history work the same way for all three."""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config import fragments

from .forms import AssessmentFormSet, ReportForm, initiative_formset
from .models import Attachment, GoalAssessment, Initiative, Report
from .obligations import signals_for


class ForeignFormData(Exception):
    """A posted formset names a row that is not this report's (an id edited in the page, or a
    page of another report): refused as a whole, nothing saved."""


def refuse_foreign_rows(formset, *, new_rows_allowed):
    """A posted id that is not among this report's rows makes Django bind a blank new row in its
    place; that row would be saved into this report or fail later. Refuse the post instead."""
    if not formset.is_bound:
        return formset
    for index, form in enumerate(formset.forms):
        is_new = index >= formset.initial_form_count()
        if form.instance.pk is None and not (is_new and new_rows_allowed):
            raise ForeignFormData
    return formset


def display(form, name, value):
    """A field value as the history shows it: choice labels, goal numbers, plain text."""
    field = form.fields[name]
    if value in (None, ""):
        return ""
    if hasattr(value, "all") or isinstance(value, list | tuple):
        items = value.all() if hasattr(value, "all") else value
        return ", ".join(str(getattr(item, "number", item)) for item in items)
    choices = dict(getattr(field, "choices", []) or [])
    if value in choices and not hasattr(value, "pk"):
        return str(choices[value])
    return str(value)


def changed_fields(form, prefix):
    diffs = {}
    for name in form.changed_data:
        label = f"{prefix}: {str(form.fields[name].label).lower()}"
        diffs[label] = (display(form, name, form.initial.get(name)), display(form, name, form.cleaned_data.get(name)))
    return diffs


# -- the three sections --------------------------------------------------------------------------


def bind_report(report, data, **kwargs):
    return ReportForm(data, instance=report)


def save_report(report, form, expected_version, by):
    return report.save_content(
        {field: form.cleaned_data[field] for field in Report.CONTENT_FIELDS}, expected_version=expected_version, by=by
    )


def bind_assessments(report, data, **kwargs):
    queryset = GoalAssessment.objects.filter(report=report).select_related("goal").order_by("goal__number")
    formset = refuse_foreign_rows(
        AssessmentFormSet(data, queryset=queryset, prefix="assessment"), new_rows_allowed=False
    )
    signals = signals_for(report)
    # "Realistic by when" is the end of the round's own policy, not a fixed year.
    realistic_label = _("Er målet realistisk at nå inden %(year)s?") % {"year": report.round.policy.end_year}
    for form in formset.forms:
        form.fields["realistic"].label = realistic_label
        form.show_signals(signals[form.instance.goal_id])
    return formset


def save_assessments(report, formset, expected_version, by):
    def apply():
        diffs = {}
        for form in formset.forms:
            if form.has_changed():
                diffs.update(changed_fields(form, _("Mål %(n)s") % {"n": form.instance.goal.number}))
        formset.save()
        return diffs

    return report.apply_edit(expected_version=expected_version, by=by, apply=apply)


def bind_initiatives(report, data, extra=0):
    queryset = (
        Initiative.objects.filter(report=report)
        .select_related("attachment")
        .prefetch_related("goals")
        .order_by("position", "pk")
    )
    formset = initiative_formset(extra=extra)(data, instance=report, queryset=queryset, prefix="initiative")
    return refuse_foreign_rows(formset, new_rows_allowed=True)


INITIATIVES_BODY = "redegorelse/_initiatives_body.html"
# What writes the indsatser forms: their templates, the form, the models' choices and labels, the
# pack's lean writers and template tags, the text policy (and, in code_version, the translations).
INITIATIVES_CODE = fragments.code_version(
    "templates/" + INITIATIVES_BODY,
    "templates/redegorelse/_initiative_form.html",
    "redegorelse/editing.py",
    "redegorelse/forms.py",
    "redegorelse/models/*.py",
    "crispy_dkfds/*.py",
    "crispy_dkfds/templatetags/*.py",
    "crispy_dkfds/templates/dkfds/**/*.html",
    "organisation/textinput.py",
)


def initiatives_inputs(report):
    """Everything the unbound indsatser forms show: each initiative's fields and goals, and the goals
    and bilag to choose from (labels included), read as plain values in four queries."""
    fields = [field.attname for field in Initiative._meta.concrete_fields]
    return (
        report.pk,
        list(Initiative.objects.filter(report=report).order_by("position", "pk").values_list(*fields)),
        list(
            Initiative.goals.through.objects.filter(initiative__report=report)
            .order_by("initiative_id", "goal_id")
            .values_list("initiative_id", "goal_id")
        ),
        list(report.round.goals_for(report.department).values_list("pk", "number", "area")),
        list(Attachment.objects.for_report(report).values_list("pk", "title")),
    )


def cached_initiatives(report):
    """The indsatser forms as they stand (no post, no draft): 48 forms cost some hundred ms to
    build and write, so they are written once per state of the initiatives and their choices and
    shared by every process (config/fragments.py). The caller has checked that the user may edit
    the report."""
    key = fragments.key_for("initiatives", INITIATIVES_CODE, initiatives_inputs(report))
    return fragments.cached(
        key, lambda: render_to_string(INITIATIVES_BODY, {"forms": bind_initiatives(report, None), "report": report})
    )


def save_initiatives(report, formset, expected_version, by):
    def apply():
        diffs = {}
        for form in formset.forms:
            name = form.cleaned_data.get("name") or form.initial.get("name") or ""
            if form in formset.deleted_forms:
                if form.instance.pk:
                    diffs[_("Indsats fjernet: »%(name)s«") % {"name": form.initial.get("name", "")}] = (name, "")
            elif not form.instance.pk and form.has_changed():
                diffs[_("Indsats tilføjet: »%(name)s«") % {"name": name}] = ("", name)
            elif form.has_changed():
                diffs.update(changed_fields(form, _("Indsats »%(name)s«") % {"name": name}))
        formset.save()
        kept = [f.instance for f in formset.forms if f not in formset.deleted_forms and f.instance.pk]
        for position, initiative in enumerate(kept, start=1):
            if initiative.position != position:
                Initiative.objects.filter(pk=initiative.pk).update(position=position)
        return diffs

    return report.apply_edit(expected_version=expected_version, by=by, apply=apply)


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    url_name: str
    template: str
    bind: Callable
    save: Callable
    # The unbound forms, written once per state of what they show (None: rendered each time).
    cached_body: Callable | None = None


SECTIONS = {
    section.slug: section
    for section in [
        Section(
            "indstilling",
            gettext_lazy("Indstilling og tekst"),
            "redegorelse:report-edit",
            "redegorelse/edit_report.html",
            bind_report,
            save_report,
        ),
        Section(
            "maal",
            gettext_lazy("Målvurderinger"),
            "redegorelse:report-assessments",
            "redegorelse/edit_assessments.html",
            bind_assessments,
            save_assessments,
        ),
        Section(
            "indsatser",
            gettext_lazy("Indsatser og statusskemaer"),
            "redegorelse:report-initiatives",
            "redegorelse/edit_initiatives.html",
            bind_initiatives,
            save_initiatives,
            cached_initiatives,
        ),
    ]
}


def querydict_from(data):
    """Rebuilds POST data kept as {name: [values]} (a draft, a post kept across a new login)."""
    query = QueryDict(mutable=True)
    for key, values in data.items():
        query.setlist(key, values)
    return query


def post_as_dict(post):
    return {key: values for key, values in post.lists() if key != "csrfmiddlewaretoken"}
