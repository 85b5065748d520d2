from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.downloads import protected_file_response
from organisation.audit import record_access
from organisation.models import AccessAction
from organisation.permissions import can_write_reports_for, get_department_for_user
from organisation.textinput import scrub

from .. import workflow
from ..attachments import download, safe_original_name
from ..completeness import missing_for_submission
from ..editing import SECTIONS, ForeignFormData, post_as_dict, querydict_from
from ..forms import AttachmentEditForm, AttachmentUploadForm, InitiativeForm, VersionedForm
from ..models import (
    ApprovedSnapshot,
    Attachment,
    EditConflict,
    FormDraft,
    Report,
    ReportingRound,
    ReportRevision,
)
from ..pdf import render_report_pdf
from ..pending import SESSION_KEY, login_required_keep_post
from ..permissions import (
    can_decide_report,
    can_edit_report,
    can_reopen_report,
    can_resume_editing,
    get_attachment_for_user,
    get_report_for_user,
)
from ..return_reasons import open_reasons, reasons_with_changes, returning_decision


def report_url(report):
    return reverse("redegorelse:report-detail", args=[report.pk])


@require_POST
@login_required
def report_create(request, abbreviation):
    department = get_department_for_user(request.user, abbreviation)
    if not can_write_reports_for(request.user, department):
        raise PermissionDenied
    round = get_object_or_404(ReportingRound, pk=request.POST.get("round"))
    try:
        report = Report.start(
            department=department, round=round, by=request.user, copy_previous="copy_previous" in request.POST
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("home:department-detail", department.abbreviation)
    messages.success(request, _("Redegørelsen for %(year)s er oprettet.") % {"year": round.year})
    for note in report.carry_over_notes:
        messages.warning(request, note)
    return redirect("redegorelse:report-edit", report.pk)


@login_required
def report_detail(request, pk):
    report = get_report_for_user(request.user, pk, queryset=Report.objects.with_document())
    record_access(request, AccessAction.REPORT_OPENED, report)
    editable = can_edit_report(request.user, report)
    return render(
        request,
        "redegorelse/report_detail.html",
        {
            "report": report,
            "can_edit": editable,
            "can_resume": can_resume_editing(request.user, report),
            "can_decide": can_decide_report(request.user, report),
            "can_reopen": can_reopen_report(request.user, report),
            "missing": missing_for_submission(report) if editable else [],
            "revisions": report.revisions.select_related("by").prefetch_related("changes")[:5],
            "snapshots": ApprovedSnapshot.objects.filter(decision__report=report).select_related("decision"),
        },
    )


@require_POST
@login_required
def report_resume_editing(request, pk):
    report = get_report_for_user(request.user, pk, action="edit")
    try:
        workflow.resume_editing(report, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(report_url(report))
    messages.success(request, _("Redegørelsen kan nu rettes. Indsend den igen, når udvalgets bemærkninger er fulgt."))
    return redirect("redegorelse:report-edit", report.pk)


def snapshot_for_user(user, pk, snapshot_pk):
    report = get_report_for_user(user, pk)
    snapshot = get_object_or_404(
        ApprovedSnapshot.objects.select_related("decision__report__department__committee"),
        pk=snapshot_pk,
        decision__report=report,
    )
    return report, snapshot


@login_required
def snapshot_pdf(request, pk, snapshot_pk):
    report, snapshot = snapshot_for_user(request.user, pk, snapshot_pk)
    record_access(request, AccessAction.REPORT_PDF_DOWNLOADED, report)
    filename = f"redegoerelse-{report.department.abbreviation}-{report.round.year}-godkendt.pdf"
    return protected_file_response(snapshot.pdf, filename)


@login_required
def snapshot_verify(request, pk, snapshot_pk):
    report, snapshot = snapshot_for_user(request.user, pk, snapshot_pk)
    results = snapshot.verify()
    return render(
        request,
        "redegorelse/snapshot_verify.html",
        {"report": report, "snapshot": snapshot, "results": results, "all_ok": all(ok for _label, ok in results)},
    )


HISTORY_PAGE_SIZE = 25


@login_required
def report_history(request, pk):
    """The report's saved changes, newest first, a page at a time (?side=N; a page past the last
    shows the last)."""
    report = get_report_for_user(request.user, pk)
    revisions = report.revisions.select_related("by").prefetch_related("changes")
    page = Paginator(revisions, HISTORY_PAGE_SIZE).get_page(request.GET.get("side"))
    return render(
        request, "redegorelse/report_history.html", {"report": report, "revisions": page.object_list, "page": page}
    )


@login_required
def report_pdf(request, pk):
    report = get_report_for_user(request.user, pk, queryset=Report.objects.with_document())
    record_access(request, AccessAction.REPORT_PDF_DOWNLOADED, report)
    response = HttpResponse(render_report_pdf(report), content_type="application/pdf")
    filename = f"redegoerelse-{report.department.abbreviation}-{report.round.year}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# -- the edit sections ---------------------------------------------------------------------------


def edit_section(request, pk, slug):
    """One shape for the three sections: bind, check the version, save, or show the conflict."""
    section = SECTIONS[slug]
    report = get_report_for_user(request.user, pk, action="edit")
    if not report.is_editable:
        messages.info(request, _("Redegørelsen er indsendt og kan ikke længere redigeres."))
        return redirect(report_url(report))
    url = reverse(section.url_name, args=[report.pk])
    return_decision, return_reasons = open_reasons(report)
    context = {
        "report": report,
        "section": section,
        "sections": SECTIONS.values(),
        "section_url": url,
        "return_decision": return_decision,
        "return_reasons": return_reasons,
    }
    if request.method == "POST" and "discard_draft" in request.POST:
        FormDraft.objects.filter(report=report, user=request.user, section=slug).delete()
        messages.info(request, _("Den autogemte kladde er kasseret."))
        return redirect(url)
    if request.method == "POST":
        try:
            forms = section.bind(report, request.POST)
        except ForeignFormData:
            return foreign_form_data(request, url)
        version_form = VersionedForm(request.POST)
        if version_form.is_valid() and forms.is_valid():
            expected = version_form.cleaned_data["version"]
            try:
                revision = section.save(report, forms, expected, request.user)
            except EditConflict as conflict:
                return render_conflict(request, context, forms, expected, conflict.report)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return redirect(report_url(report))
            FormDraft.objects.filter(report=report, user=request.user, section=slug).delete()
            messages.success(
                request, _("Dine ændringer er gemt.") if revision else _("Der var ingen ændringer at gemme.")
            )
            if "add_initiative" in request.POST:
                return redirect(f"{url}?ny=1#ny-indsats")
            return redirect(url)
        if not version_form.is_valid():
            messages.error(request, _("Siden var forældet. Hent den igen, før du gemmer."))
        context.update(forms=forms, version=request.POST.get("version", report.version))
        return render(request, section.template, context)
    draft = FormDraft.objects.filter(report=report, user=request.user, section=slug).first()
    if draft:
        try:
            forms = section.bind(report, querydict_from(draft.data))
        except ForeignFormData:
            draft.delete()  # rows deleted since the draft was kept: it cannot be shown again
            return redirect(url)
        context.update(forms=forms, version=draft.base_version, restored_draft=draft)
    else:
        extra = 1 if request.GET.get("ny") else 0
        if section.cached_body and not extra:
            context.update(form_body=section.cached_body(report), version=report.version)
        else:
            context.update(forms=section.bind(report, None, extra=extra), version=report.version)
    return render(request, section.template, context)


def foreign_form_data(request, url):
    return render(
        request,
        "redegorelse/form_refused.html",
        {
            "message": _(
                "Formularen nævner en række, der ikke hører til denne redegørelse. Intet er gemt. "
                "Hent siden igen, og skriv dine ændringer der."
            ),
            "back_url": url,
        },
        status=400,
    )


def render_conflict(request, context, forms, expected_version, current):
    """Keeps what the user typed on the page and shows what the other person changed. The hidden
    version becomes the current one, so saving again is a deliberate choice to overwrite."""
    others = (
        ReportRevision.objects.filter(report=current, version__gt=expected_version)
        .select_related("by")
        .prefetch_related("changes")
        .order_by("version")
    )
    context.update(forms=forms, version=current.version, conflict=True, other_revisions=others)
    return render(request, context["section"].template, context, status=409)


@login_required_keep_post
def report_edit(request, pk):
    return edit_section(request, pk, "indstilling")


@login_required_keep_post
def report_assessments(request, pk):
    return edit_section(request, pk, "maal")


@login_required_keep_post
def report_initiatives(request, pk):
    return edit_section(request, pk, "indsatser")


@login_required
def initiative_form(request, pk):
    """An empty initiative form for the formset (htmx), numbered after the existing ones."""
    report = get_report_for_user(request.user, pk, action="edit")
    try:
        index = max(0, int(request.GET.get("initiative-TOTAL_FORMS", "0")))
    except ValueError:
        index = 0
    form = InitiativeForm(
        prefix=f"initiative-{index}", report=report, empty_permitted=True, use_required_attribute=False
    )
    return render(request, "redegorelse/_initiative_form.html", {"form": form, "next_total": index + 1, "new": True})


@require_POST
@login_required_keep_post
def report_autosave(request, pk, slug):
    if slug not in SECTIONS:
        raise Http404
    report = get_report_for_user(request.user, pk, action="edit")
    if not report.is_editable:
        return HttpResponse(_("Redegørelsen er indsendt; der gemmes ikke længere automatisk."))
    try:
        base_version = int(request.POST.get("version", ""))
    except ValueError:
        return HttpResponse(_("Kladden kunne ikke gemmes: siden er forældet. Hent den igen."))
    # A draft is kept so nothing typed is lost: what the save would refuse (a NUL, which
    # PostgreSQL cannot store) is dropped here instead of losing the whole draft.
    data = {scrub(key): [scrub(value) for value in values] for key, values in post_as_dict(request.POST).items()}
    data.pop("section_url", None)
    FormDraft.objects.update_or_create(
        report=report,
        user=request.user,
        section=slug,
        defaults={"data": data, "base_version": base_version, "saved_at": timezone.now()},
    )
    return render(request, "redegorelse/_autosave_status.html", {"saved_at": timezone.now()})


RESUMABLE = {"report-edit", "report-assessments", "report-initiatives"}


@login_required
def resume(request):
    """Replays the post kept while the user was signed out (see pending.py)."""
    pending = request.session.pop(SESSION_KEY, None)
    if not pending:
        return redirect("home:home")
    match = resolve(pending["path"])
    if match.namespace != "redegorelse" or match.url_name not in RESUMABLE:
        return redirect("home:home")
    request.method = "POST"
    request.POST = querydict_from(pending["data"])
    messages.info(request, _("Du er logget ind igen, og det, du skrev, før du blev logget ud, er nu behandlet."))
    return match.func(request, *match.args, **match.kwargs)


# -- submission ----------------------------------------------------------------------------------


@login_required
def report_submit(request, pk):
    report = get_report_for_user(request.user, pk, action="edit", queryset=Report.objects.with_document())
    if not report.is_editable:
        messages.info(request, _("Redegørelsen er allerede indsendt."))
        return redirect(report_url(report))
    if request.method == "POST":
        try:
            workflow.submit(report, by=request.user)
        except ValidationError:
            messages.error(request, _("Redegørelsen kan ikke indsendes endnu. Se listen over det, der mangler."))
            return redirect("redegorelse:report-submit", report.pk)
        messages.success(
            request,
            _("Redegørelsen er indsendt til %(committee)s. Den kan ikke længere redigeres.")
            % {"committee": report.department.committee.name},
        )
        return redirect(report_url(report))
    return render(
        request,
        "redegorelse/report_submit.html",
        {
            "report": report,
            "missing": missing_for_submission(report),
            "return_decision": returning_decision(report),
            "reasons_with_changes": reasons_with_changes(report),
        },
    )


# -- bilag ---------------------------------------------------------------------------------------


@login_required
def attachment_list(request, pk):
    report = get_report_for_user(request.user, pk)
    editable = can_edit_report(request.user, report)
    form = None
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        form = AttachmentUploadForm(request.POST, request.FILES, report=report)
        if form.is_valid():
            try:
                attachment = store_attachment(report, form, request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("%(title)s er tilføjet som bilag.") % {"title": attachment.title})
                if attachment.tagged is False:
                    messages.warning(request, untagged_warning(attachment))
                return redirect("redegorelse:attachment-list", report.pk)
    elif editable:
        form = AttachmentUploadForm(report=report)
    return render(
        request,
        "redegorelse/attachment_list.html",
        {
            "report": report,
            "attachments": Attachment.objects.for_report(report),
            "form": form,
            "can_edit": editable,
            "return_reasons": open_reasons(report)[1] if editable else [],
        },
        status=400 if form is not None and form.errors else 200,
    )


def untagged_warning(attachment):
    if attachment.alt_text.strip():
        return _(
            "%(title)s er ikke en tilgængelig PDF: skærmlæsere kan ikke læse teksten. I statusrapporten vises "
            "bilaget som et billede med dit tekstalternativ. Gem helst en tilgængelig (tagget) PDF og upload den i stedet."
        ) % {"title": attachment.title}
    return _(
        "%(title)s er ikke en tilgængelig PDF: skærmlæsere kan ikke læse teksten. Skriv et tekstalternativ "
        "(Ret bilaget), der fortæller, hvad bilaget viser, eller upload en tilgængelig (tagget) PDF i stedet."
    ) % {"title": attachment.title}


def store_attachment(report, form, user):
    inspection = form.inspection
    return Attachment.add(
        report,
        by=user,
        file=form.cleaned_data["file"],
        title=form.cleaned_data["title"],
        description=form.cleaned_data["description"],
        alt_text=form.cleaned_data.get("alt_text", ""),
        original_name=safe_original_name(form.cleaned_data["file"].name),
        kind=inspection.kind,
        size=inspection.size,
        sha256=inspection.sha256,
        page_count=inspection.page_count,
        tagged=inspection.tagged,
    )


@login_required
def attachment_download(request, pk, attachment_pk):
    attachment, _report = get_attachment_for_user(request.user, pk, attachment_pk)
    record_access(request, AccessAction.ATTACHMENT_DOWNLOADED, attachment)
    filename, content_type = download(attachment)
    return protected_file_response(attachment.file, filename, content_type=content_type)


def editable_attachment(request, pk, attachment_pk):
    attachment, report = get_attachment_for_user(request.user, pk, attachment_pk)
    if not can_edit_report(request.user, report):
        raise PermissionDenied
    return attachment, report


@require_POST
@login_required
def attachment_move(request, pk, attachment_pk):
    attachment, report = editable_attachment(request, pk, attachment_pk)
    direction = request.POST.get("direction")
    if direction not in {"up", "down"}:
        messages.error(request, _("Ukendt retning."))
        return redirect("redegorelse:attachment-list", report.pk)
    try:
        attachment.move(direction, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("redegorelse:attachment-list", report.pk)


@require_POST
@login_required
def attachment_delete(request, pk, attachment_pk):
    attachment, report = editable_attachment(request, pk, attachment_pk)
    try:
        attachment.remove(by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Bilaget »%(title)s« er fjernet.") % {"title": attachment.title})
    return redirect("redegorelse:attachment-list", report.pk)


@login_required
def attachment_edit(request, pk, attachment_pk):
    attachment, report = editable_attachment(request, pk, attachment_pk)
    form = AttachmentEditForm(request.POST or None, instance=attachment)
    if request.method == "POST" and form.is_valid():
        try:
            attachment.edit(
                by=request.user,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                alt_text=form.cleaned_data.get("alt_text"),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("redegorelse:attachment-list", report.pk)
        messages.success(request, _("Bilaget er gemt."))
        return redirect("redegorelse:attachment-list", report.pk)
    return render(
        request, "redegorelse/attachment_edit.html", {"report": report, "attachment": attachment, "form": form}
    )
