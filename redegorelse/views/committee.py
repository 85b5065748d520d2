"""The committee secretary's side: reading what was submitted and recording the decision."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ..decision_forms import DecisionForm
from ..diff import inline_diff
from ..models import OUTCOME_PHRASES, Outcome, Report
from ..permissions import can_decide_report, get_report_for_user
from ..snapshot import section_texts
from ..workflow import record_decision


def changes_since_committee_saw_it(report):
    """Per section, what changed between the last version the committee decided on and this one."""
    submissions = list(report.submissions.order_by("-version")[:2])
    if len(submissions) < 2:
        return None
    before, now = section_texts(submissions[1].content), section_texts(submissions[0].content)
    return [
        {"section": label, "changed": old != new, "diff": inline_diff(old, new)}
        for (label, old), (_label, new) in zip(before, now, strict=True)
    ]


@login_required
def decision_create(request, pk):
    report = get_report_for_user(request.user, pk, queryset=Report.objects.with_document())
    if not report.is_awaiting_decision:
        messages.info(request, _("Der er allerede truffet beslutning om indstillingen."))
        return redirect("redegorelse:report-detail", report.pk)
    if not can_decide_report(request.user, report):
        raise PermissionDenied
    latest = report.decisions.order_by("-pk").first()
    initial = {
        "version": report.version,
        "after_decision": latest.pk if latest else None,
        "outcome": Outcome.APPROVED,
        "decision_text": OUTCOME_PHRASES[Outcome.APPROVED],
    }
    form = DecisionForm(request.POST or None, initial=initial)
    # "Tilbage og ret" on the confirmation step shows the form again with what was typed.
    back_to_form = "edit" in request.POST
    if request.method == "POST" and not back_to_form and form.is_valid():
        if form.needs_confirmation():
            return render(
                request,
                "redegorelse/decision_confirm.html",
                {
                    "report": report,
                    "form": form,
                    "decision": form.cleaned_data,
                    "outcome_label": Outcome(form.cleaned_data["outcome"]).label,
                    "attachments": report.attachments.all(),
                },
            )
        try:
            decision = record_decision(report, by=request.user, **form.decision_arguments())
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                messages.error(request, " ".join(error.messages))
                return redirect("redegorelse:report-detail", report.pk)
            # A field the model refused (the meeting date) is shown at the field, with the form kept.
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Beslutningen er registreret: %(text)s") % {"text": decision.decision_text},
            )
            return redirect("redegorelse:report-detail", report.pk)
    return render(
        request,
        "redegorelse/decision_form.html",
        {
            "report": report,
            "form": form,
            "changes": changes_since_committee_saw_it(report),
            "previous_decisions": report.decisions.select_related("recorded_by").prefetch_related("reasons"),
            "phrases": {str(outcome): str(phrase) for outcome, phrase in OUTCOME_PHRASES.items()},
        },
        status=400 if form.errors else 200,
    )
