"""BIF's side: opening a round with its deadlines, following every department's progress,
reopening an approved report, and everyone's notifications."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from organisation.permissions import can_view_overview, require_overview

from ..decision_forms import ReopenForm, RoundForm
from ..models import DepartmentDeadline, Notification, ReportingRound
from ..permissions import can_reopen_report, get_report_for_user
from ..progress import STATES, round_progress
from ..workflow import reopen


@login_required
def round_list(request):
    require_overview(request.user)
    return render(
        request,
        "redegorelse/round_list.html",
        {"rounds": ReportingRound.objects.select_related("policy").order_by("-year")},
    )


@transaction.atomic
def save_round(form, user):
    round = form.save(commit=False)
    if not round.pk:
        round.opened_by = user
    round.save()
    DepartmentDeadline.objects.filter(round=round).delete()
    DepartmentDeadline.objects.bulk_create(
        [
            DepartmentDeadline(round=round, department=d, deadline=date)
            for d, date in form.department_deadlines().items()
        ]
    )
    return round


def warn_about_past_deadlines(request, form):
    past = form.past_deadlines(timezone.localdate())
    if past:
        messages.warning(
            request,
            _("Bemærk: disse frister ligger allerede før i dag: %(deadlines)s. Ret runden, hvis det ikke var meningen.")
            % {"deadlines": ", ".join(past)},
        )


@login_required
def round_create(request):
    require_overview(request.user)
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        round = save_round(form, request.user)
        messages.success(request, _("Indberetningsrunden for %(year)s er åbnet.") % {"year": round.year})
        warn_about_past_deadlines(request, form)
        return redirect("redegorelse:round-detail", round.year)
    return render(request, "redegorelse/round_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def round_edit(request, year):
    require_overview(request.user)
    round = get_object_or_404(ReportingRound.objects.prefetch_related("deadlines"), year=year)
    form = RoundForm(request.POST or None, instance=round)
    if request.method == "POST" and form.is_valid():
        save_round(form, request.user)
        messages.success(request, _("Fristerne er gemt."))
        warn_about_past_deadlines(request, form)
        return redirect("redegorelse:round-detail", round.year)
    return render(
        request, "redegorelse/round_form.html", {"form": form, "round": round}, status=400 if form.errors else 200
    )


@login_required
def round_detail(request, year):
    require_overview(request.user)
    round = get_object_or_404(ReportingRound.objects.select_related("policy").prefetch_related("deadlines"), year=year)
    goals = list(round.goals())
    goal = next((g for g in goals if str(g.number) == request.GET.get("maal")), None)
    return render(
        request,
        "redegorelse/round_detail.html",
        {
            "round": round,
            "rows": round_progress(round, goal=goal),
            "states": STATES,
            "goals": goals,
            "goal": goal,
            "today": timezone.localdate(),
        },
    )


@login_required
def report_reopen(request, pk):
    report = get_report_for_user(request.user, pk)
    if not can_reopen_report(request.user, report):
        raise PermissionDenied
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reopen(report, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Redegørelsen er genåbnet som en ny version. Den godkendte version er bevaret i arkivet.")
            )
        return redirect("redegorelse:report-detail", report.pk)
    return render(request, "redegorelse/report_reopen.html", {"report": report, "form": form})


@login_required
def notification_list(request):
    notifications = list(Notification.objects.filter(user=request.user)[:100])
    unread = [n.pk for n in notifications if n.read_at is None]
    if unread:
        Notification.objects.filter(pk__in=unread).update(read_at=timezone.now())
    # BIF sees the e-mails that could not be delivered, so the recipient can be told another way.
    undelivered = list(Notification.objects.undelivered()[:50]) if can_view_overview(request.user) else []
    return render(
        request,
        "redegorelse/notification_list.html",
        {"notifications": notifications, "unread": set(unread), "undelivered": undelivered},
    )
