"""BIF's export of the samlet statusrapport: the introduction, the export job with its progress,
the finished exports and the workbook. BIF staff and administrators only; everyone else 403."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.downloads import protected_file_response

from ..models import (
    Edition,
    ExportStatus,
    StatusReportExport,
    StatusReportIntroduction,
)
from ..permissions import get_export_for_bif, get_round_for_bif
from ..statusreport_forms import ExportForm, IntroductionForm
from ..statusreport_pdf import build_workbook, gather, readiness
from ..workflow import request_export

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def finished_exports(exports):
    """The finished exports as the page lists them: archived endelig editions, then drafts."""
    finished = list(exports.finished())
    return {
        "finished": [e for e in finished if e.edition == Edition.DRAFT],
        "finals": [e for e in finished if e.edition == Edition.FINAL],
    }


@login_required
def statusreport_page(request, year):
    round = get_round_for_bif(request.user, year)
    StatusReportExport.fail_stale()
    exports = StatusReportExport.objects.for_round(round)
    introduction = StatusReportIntroduction.objects.filter(round=round).first()
    followed = list(exports.active().select_related("requested_by"))
    # The export just requested is shown with its progress bar even when it finished at once.
    requested = request.GET.get("eksport", "")
    if requested.isdigit() and all(e.pk != int(requested) for e in followed):
        followed += list(exports.filter(pk=int(requested)))
    context = {
        "round": round,
        "form": ExportForm(),
        "introduction_form": IntroductionForm(instance=introduction),
        "followed": followed,
        **finished_exports(exports),
        "failed": list(
            exports.filter(status__in=[ExportStatus.FAILED, ExportStatus.CANCELLED]).select_related("requested_by")[:5]
        ),
        "readiness": readiness(round),
    }
    return render(request, "redegorelse/statusreport.html", context)


@login_required
@require_POST
def statusreport_export(request, year):
    round = get_round_for_bif(request.user, year)
    form = ExportForm(request.POST)
    if not form.is_valid():
        problems = [str(e) for name in ["reason"] for e in form.errors.get(name, [])]
        messages.error(request, " ".join(problems) if problems else _("Vælg en udgave."))
        return redirect("redegorelse:statusreport", round.year)
    try:
        export, created = request_export(
            round=round, edition=form.cleaned_data["edition"], reason=form.cleaned_data["reason"], by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("redegorelse:statusreport", round.year)
    if export.status == ExportStatus.DONE and not created:
        messages.info(request, _("Intet er ændret siden sidste eksport. Den gemte fil er klar til download."))
    elif not created:
        messages.info(request, _("En eksport af denne udgave er allerede i gang."))
    else:
        messages.success(request, _("Eksporten er startet."))
    return redirect(f"{reverse('redegorelse:statusreport', args=[round.year])}?eksport={export.pk}")


@login_required
def statusreport_progress(request, year, pk):
    export = get_export_for_bif(request.user, year, pk)
    StatusReportExport.fail_stale()
    export.refresh_from_db()
    context = {"export": export, "round": export.round}
    if not export.is_active and request.headers.get("HX-Request"):
        # The poll's last answer also brings the list of finished exports up to date.
        context["finished_update"] = finished_exports(StatusReportExport.objects.for_round(export.round))
    return render(request, "redegorelse/statusreport_progress.html", context)


@login_required
@require_POST
def statusreport_cancel(request, year, pk):
    export = get_export_for_bif(request.user, year, pk)
    try:
        export.cancel(by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Eksporten er annulleret."))
    return redirect("redegorelse:statusreport", export.round.year)


@login_required
def statusreport_download(request, year, pk):
    export = get_export_for_bif(request.user, year, pk)
    if export.status != ExportStatus.DONE or not export.file:
        raise Http404
    return protected_file_response(export.file, export.filename)


@login_required
def statusreport_verify(request, year, pk):
    """Checks an archived edition: the stored file still has the hash taken when it was made."""
    export = get_export_for_bif(request.user, year, pk)
    if export.status != ExportStatus.DONE:
        raise Http404
    results = export.verify()
    return render(
        request,
        "redegorelse/statusreport_verify.html",
        {"export": export, "round": export.round, "results": results, "all_ok": all(ok for _label, ok in results)},
    )


@login_required
@require_POST
def statusreport_introduction(request, year):
    round = get_round_for_bif(request.user, year)
    introduction = StatusReportIntroduction.objects.filter(round=round).first() or StatusReportIntroduction(round=round)
    form = IntroductionForm(request.POST, instance=introduction)
    if form.is_valid():
        introduction = form.save(commit=False)
        introduction.updated_by = request.user
        introduction.save()
        messages.success(request, _("Indledningen er gemt."))
    else:
        messages.error(request, _("Indledningen kunne ikke gemmes."))
    return redirect("redegorelse:statusreport", round.year)


@login_required
def statusreport_workbook(request, year):
    round = get_round_for_bif(request.user, year)
    response = HttpResponse(build_workbook(gather(round, Edition.DRAFT)), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="statusrapport-data-{round.year}.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response
