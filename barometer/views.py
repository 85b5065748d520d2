from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from . import chart_cache, measurement_file
from .forms import ImportForm, MeasurementForm, OverviewFilterForm
from .models import ChangeKind, Goal, Indicator, Measurement, Policy
from .permissions import (
    can_manage_measurements,
    departments_visible_to,
    get_department_for_user,
    require_measurement_manager,
)

IMPORT_SALT = "barometer.import"
IMPORT_MAX_AGE = 60 * 60  # seconds a dry run can be confirmed

EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@login_required
def indicator_list(request):
    """The barometer: the policy's goals, each with its indicators, filtered by department and status."""
    form = OverviewFilterForm(request.GET or None)
    department = status = policy = None
    if form.is_valid():
        department, status = form.cleaned_data["department"], form.cleaned_data["status"]
        policy = form.cleaned_data["policy"]
    policy = policy or Policy.objects.for_barometer()
    indicators = Indicator.objects.for_overview(policy)
    if department:
        indicators = indicators.for_department(department)
    goals = list(Goal.objects.of_policy(policy).with_indicators(indicators))
    for goal in goals:
        goal.shown_indicators = [i for i in goal.listed_indicators if not status or i.assessment.status == status]
    chart_cache.preload_rows([i for goal in goals for i in goal.shown_indicators])
    return render(
        request,
        "barometer/indicator_list.html",
        {
            "form": form,
            "policy": policy,
            "goals": goals,
            "is_filtered": bool(department or status),
            "shown_count": sum(len(goal.shown_indicators) for goal in goals),
            "can_manage": can_manage_measurements(request.user),
        },
    )


@login_required
def indicator_detail(request, code):
    indicator = get_object_or_404(Indicator.objects.for_detail(), code=code)
    return render(
        request,
        "barometer/indicator_detail.html",
        {
            "indicator": indicator,
            "chart": chart_cache.indicator_chart(indicator),
            "rows": indicator.series_rows(),
            "corrections": indicator.corrections(),
            "departments": departments_visible_to(request.user, indicator.departments.all()),
            "can_manage": can_manage_measurements(request.user),
        },
    )


@login_required
def department_detail(request, abbreviation):
    """A department's indicators, the ones that oblige it to act (gul or rød) first."""
    department = get_department_for_user(request.user, abbreviation)
    indicators = list(Indicator.objects.for_overview().for_department(department))
    obliging = sorted(
        (i for i in indicators if i.assessment.obliges_action), key=lambda i: (i.goal.number, i.assessment.urgency)
    )
    others = [i for i in indicators if not i.assessment.obliges_action]
    chart_cache.preload_rows(indicators)
    return render(
        request,
        "barometer/department_detail.html",
        {"department": department, "obliging": obliging, "others": others, "indicator_count": len(indicators)},
    )


@login_required
def status_help(request):
    return render(request, "barometer/status_help.html")


@login_required
def measurement_create(request):
    """Enters a measurement, or corrects one (the earlier value stays in the history)."""
    require_measurement_manager(request.user)
    form = MeasurementForm(request.POST or None, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        try:
            measurement, kind = form.save(by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            text = {
                ChangeKind.NEW: gettext("Målingen for %(period)s er gemt."),
                ChangeKind.CORRECTED: gettext(
                    "Målingen for %(period)s er rettet. Den tidligere værdi står i historikken."
                ),
                ChangeKind.UNCHANGED: gettext("Målingen for %(period)s var allerede gemt med den værdi."),
            }[kind]
            messages.success(request, text % {"period": measurement.period})
            return redirect("barometer:indicator-detail", measurement.indicator.code)
    return render(request, "barometer/measurement_form.html", {"form": form})


@login_required
def measurement_import(request):
    """Upload a file and see the dry run: what would change, and every bad row."""
    require_measurement_manager(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    plan = payload = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        plan = measurement_file.load(upload.name, upload)
        if plan.is_valid:
            payload = signing.dumps(
                {"name": upload.name, "user": request.user.pk, "rows": plan.as_payload(), "kinds": plan.kinds},
                salt=IMPORT_SALT,
                compress=True,
            )
            form = ImportForm()
    return render(
        request,
        "barometer/measurement_import.html",
        {"form": form, "plan": plan, "payload": payload, "filename": plan and upload.name},
    )


@login_required
@require_POST
def measurement_import_confirm(request):
    """Writes a dry run that was shown, if the measurements have not changed since."""
    require_measurement_manager(request.user)
    try:
        data = signing.loads(request.POST.get("payload", ""), salt=IMPORT_SALT, max_age=IMPORT_MAX_AGE)
    except signing.BadSignature:
        messages.error(request, gettext("Prøvekørslen er for gammel eller ugyldig. Upload filen igen."))
        return redirect("barometer:import")
    if data["user"] != request.user.pk:
        raise Http404
    plan = measurement_file.plan_import(measurement_file.rows_from_payload(data["rows"]))
    if not plan.is_valid or plan.kinds != data["kinds"]:
        messages.error(
            request,
            gettext("Målingerne er ændret, siden prøvekørslen blev lavet. Intet er gemt. Upload filen igen."),
        )
        return redirect("barometer:import")
    counts = plan.apply(
        by=request.user, reason=gettext("Rettet ved import af filen %(name)s.") % {"name": data["name"]}
    )
    messages.success(
        request,
        gettext("Filen %(name)s er importeret: %(new)s nye, %(corrected)s rettede og %(unchanged)s uændrede målinger.")
        % {
            "name": data["name"],
            "new": counts[ChangeKind.NEW.value],
            "corrected": counts[ChangeKind.CORRECTED.value],
            "unchanged": counts[ChangeKind.UNCHANGED.value],
        },
    )
    return redirect("barometer:overview")


@login_required
def measurement_export(request):
    """All measurements in the import format, so an export imported again changes nothing."""
    require_measurement_manager(request.user)
    file_type = request.GET.get("format", "csv")
    if file_type not in EXPORT_TYPES:
        raise Http404
    measurements = Measurement.objects.for_export()
    write = measurement_file.write_xlsx if file_type == "xlsx" else measurement_file.write_csv
    response = HttpResponse(write(measurements), content_type=EXPORT_TYPES[file_type])
    filename = f"barometer-maalinger-{timezone.localdate():%Y-%m-%d}.{file_type}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def open_data(request):
    """The barometer as JSON: active indicators with their measurements and statuses.

    No names of who entered what: those are staff data, not open data."""
    indicators = Indicator.objects.for_overview()
    return JsonResponse(
        {
            "beskrivelse": gettext("Integrationsbarometeret: indikatorer, halvårlige målinger og status."),
            "dannet": timezone.now().isoformat(timespec="seconds"),
            "indikatorer": [indicator.as_open_data() for indicator in indicators],
        },
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
