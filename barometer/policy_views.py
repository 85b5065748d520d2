"""BIF's pages for the integration policies: each policy's period, its goals (common or owned by
one udvalg) and the indicators that measure them. BIF staff and administrators only.

Goals are part of the record: once a report of one of the policy's rounds has been submitted,
the policy's goals are read-only; once a report has been started, goals can no longer be added
(every report has one assessment per goal). See docs/policies.md."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext

from .models import Goal, Indicator, Policy
from .permissions import require_measurement_manager
from .policy_forms import GoalForm, IndicatorForm, PolicyForm


def get_policy_for_manager(user, pk):
    require_measurement_manager(user)
    return get_object_or_404(Policy, pk=pk)


def status_for(form):
    return 400 if form.errors else 200


@login_required
def policy_list(request):
    require_measurement_manager(request.user)
    policies = Policy.objects.annotate(
        goal_count=Count("goals", distinct=True), round_count=Count("rounds", distinct=True)
    ).order_by("-start_year")
    return render(request, "barometer/policy_list.html", {"policies": list(policies)})


@transaction.atomic
def save_policy(form):
    # Serialises policy saves, so two overlapping periods cannot both pass the overlap check.
    list(Policy.objects.select_for_update().values_list("pk", flat=True))
    form.instance.full_clean()
    return form.save()


def policy_form_page(request, form, policy=None):
    if request.method == "POST" and form.is_valid():
        try:
            policy = save_policy(form)
        except ValidationError as error:  # an overlap saved by someone else meanwhile
            form.add_error(None, error)
        else:
            messages.success(request, gettext("%(policy)s er gemt.") % {"policy": policy})
            return redirect("barometer:policy-detail", policy.pk)
    return render(request, "barometer/policy_form.html", {"form": form, "policy": policy}, status=status_for(form))


@login_required
def policy_create(request):
    require_measurement_manager(request.user)
    return policy_form_page(request, PolicyForm(request.POST or None))


@login_required
def policy_edit(request, pk):
    policy = get_policy_for_manager(request.user, pk)
    return policy_form_page(request, PolicyForm(request.POST or None, instance=policy), policy)


@login_required
def policy_detail(request, pk):
    policy = get_policy_for_manager(request.user, pk)
    indicators = Indicator.objects.prefetch_related("departments").order_by("code")
    goals = list(
        Goal.objects.of_policy(policy)
        .select_related("committee")
        .prefetch_related(Prefetch("indicators", queryset=indicators, to_attr="listed_indicators"))
    )
    return render(
        request,
        "barometer/policy_detail.html",
        {
            "policy": policy,
            "goals": goals,
            "rounds": list(policy.rounds.order_by("year")),
            "is_frozen": policy.is_frozen,
            "has_reports": policy.has_reports,
        },
    )


@login_required
def goal_create(request, pk):
    policy = get_policy_for_manager(request.user, pk)
    if policy.has_reports:
        messages.error(
            request,
            gettext(
                "Der er startet redegørelser i en af politikkens runder, og de har én vurdering pr. mål. "
                "Derfor kan politikken ikke få flere mål."
            ),
        )
        return redirect("barometer:policy-detail", policy.pk)
    next_number = (policy.goals.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    form = GoalForm(request.POST or None, policy=policy, initial={"number": next_number})
    if request.method == "POST" and form.is_valid():
        goal = form.save()
        messages.success(request, gettext("Mål %(number)s er tilføjet.") % {"number": goal.number})
        return redirect("barometer:policy-detail", policy.pk)
    return render(request, "barometer/goal_form.html", {"form": form, "policy": policy}, status=status_for(form))


@login_required
def goal_edit(request, pk):
    require_measurement_manager(request.user)
    goal = get_object_or_404(Goal.objects.select_related("policy", "committee"), pk=pk)
    policy = goal.policy
    if policy.is_frozen:
        if request.method == "POST":
            messages.error(request, gettext("Målet er en del af en indsendt redegørelse og kan ikke ændres."))
            return redirect("barometer:policy-detail", policy.pk)
        return render(request, "barometer/goal_form.html", {"goal": goal, "policy": policy, "frozen": True})
    form = GoalForm(request.POST or None, instance=goal, policy=policy)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, gettext("Mål %(number)s er gemt.") % {"number": goal.number})
        return redirect("barometer:policy-detail", policy.pk)
    return render(
        request, "barometer/goal_form.html", {"form": form, "goal": goal, "policy": policy}, status=status_for(form)
    )


@login_required
def indicator_create(request):
    require_measurement_manager(request.user)
    initial = {}
    goal_id = request.GET.get("maal", "")
    goal = Goal.objects.select_related("policy").filter(pk=goal_id).first() if goal_id.isdigit() else None
    if goal:
        initial = {"goal": goal, "target_year": goal.policy.end_year}
    form = IndicatorForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        indicator = form.save()
        messages.success(request, gettext("Indikator %(code)s er oprettet.") % {"code": indicator.code})
        return redirect("barometer:policy-detail", indicator.goal.policy_id)
    return render(request, "barometer/indicator_form.html", {"form": form}, status=status_for(form))


@login_required
def indicator_edit(request, code):
    require_measurement_manager(request.user)
    indicator = get_object_or_404(Indicator.objects.select_related("goal__policy"), code=code)
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, gettext("Indikator %(code)s er gemt.") % {"code": indicator.code})
        return redirect("barometer:policy-detail", indicator.goal.policy_id)
    return render(
        request, "barometer/indicator_form.html", {"form": form, "indicator": indicator}, status=status_for(form)
    )
