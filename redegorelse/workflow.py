"""The transitions that need the services: a report's submission, the committee's decision,
taking a returned report back, BIF's reopening, and BIF's request for a statusrapport export.

Each is one function, `@transaction.atomic`, that locks the row, checks the state and the user
(with the rule of redegorelse/permissions.py the page used to offer the button), changes the
state through the model (`Report.move`, the one writer of a report's status) and leaves the
e-mails to after the commit. They live here, above the models and the services they use
(completeness, snapshot, archive, notifications, the statusrapport's gathering and task), so that
nothing below imports back up: views → workflow → services → models. Transitions that need no
service stay model methods: `Report.start`, the edits (`Report.apply_edit`), the bilag
(`Attachment.move`, `remove`) and the export job's own steps (`StatusReportExport.start`, …)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from .archive import render_approval, store_approval
from .completeness import missing_for_submission
from .models import (
    FINAL_OUTCOMES,
    Decision,
    DecisionReason,
    Edition,
    Outcome,
    ReportingRound,
    ReportStatus,
    RevisionKind,
    StatusReportExport,
    Submission,
)
from .models.decision import recorded_phrase
from .models.report import AWAITING_DECISION
from .notifications import notify_decided, notify_submitted
from .permissions import can_decide_report, can_edit_report, can_reopen_report, can_resume_editing
from .snapshot import build_content, content_hash, service_language
from .statusreport_pdf import gather, refuse_final_if_incomplete
from .tasks import export_statusreport


@transaction.atomic
def submit(report, *, by):
    """Draft → submitted, when nothing is missing. The version submitted is frozen as data, so
    the committee's decision is bound to exactly what it saw."""
    locked = report.locked(ReportStatus.DRAFT)
    if not can_edit_report(by, locked):
        raise ValidationError(gettext("Kun forvaltningens egne sagsbehandlere kan indsende redegørelsen."))
    problems = missing_for_submission(locked)
    if problems:
        raise ValidationError([p.message for p in problems])
    report.move(locked, to=ReportStatus.SUBMITTED, by=by, kind=RevisionKind.SUBMITTED, submitted_at=timezone.now())
    with service_language():
        content = build_content(report)
    Submission.objects.create(
        report=report,
        version=report.version,
        content=content,
        content_sha256=content_hash(content),
        submitted_by=by,
        submitted_at=report.submitted_at,
    )
    notify_submitted(report)  # the notifications commit with the submission; e-mails go after


@transaction.atomic
def record_decision(report, *, by, version, after_decision, meeting_date, outcome, decision_text, **details):
    """Submitted or postponed → approved, returned or postponed, on exactly the version the
    secretary had in front of them. `after_decision` is the latest decision the secretary's
    form knew about: a second post of the same form (a double click) finds a newer one and is
    refused, so one click records one decision.

    An approval's PDF is rendered before the row is locked, so the lock is held for milliseconds,
    not for the seconds the rendering takes; under the lock the report must still be at the
    version the PDF was rendered from, or nothing is recorded."""
    reasons = details.pop("reasons", [])
    decision = Decision(
        report=report,
        # A postponed report comes back to the committee unchanged: the same submission.
        submission=report.submissions.order_by("-version").first(),
        meeting_date=meeting_date,
        outcome=outcome,
        decision_text=recorded_phrase(outcome, decision_text),
        recorded_by=by,
        **details,
    )
    rendered = None
    if outcome in FINAL_OUTCOMES and can_decide_report(by, report):
        with service_language():
            rendered = render_approval(report, decision)
    locked = report.locked(*AWAITING_DECISION)
    if not can_decide_report(by, locked):
        raise ValidationError(gettext("Kun udvalgets sekretærer kan registrere udvalgets beslutning."))
    if outcome in FINAL_OUTCOMES and (rendered is None or rendered.version != locked.version):
        raise ValidationError(
            gettext(
                "Redegørelsen blev ændret, mens godkendelsens PDF blev lavet, så beslutningen er ikke registreret. "
                "Åbn redegørelsen igen og registrér beslutningen på den nye version."
            )
        )
    latest = locked.decisions.order_by("-pk").values_list("pk", flat=True).first()
    if locked.version != version or latest != after_decision:
        raise ValidationError(
            gettext("Beslutningen er allerede registreret, eller redegørelsen er ændret, siden du åbnede siden.")
        )
    if outcome == Outcome.RETURNED and not reasons:
        raise ValidationError(gettext("Skriv mindst én begrundelse for at sende indstillingen tilbage."))
    decision.submission = locked.submissions.order_by("-version").first()
    decision.check_meeting_date()
    decision.save()
    DecisionReason.objects.bulk_create(
        [DecisionReason(decision=decision, section=section, text=text) for section, text in reasons]
    )
    to = {Outcome.RETURNED: ReportStatus.RETURNED, Outcome.POSTPONED: ReportStatus.POSTPONED}.get(
        outcome, ReportStatus.APPROVED
    )
    report.move(locked, to=to, by=by, kind=RevisionKind.DECIDED, comment=decision.decision_text)
    if rendered is not None:
        store_approval(rendered, decision)
    notify_decided(report, decision)  # the notifications commit with the decision; e-mails go after
    return decision


@transaction.atomic
def resume_editing(report, *, by):
    """Returned → draft: the department's case workers take it back to fix what the committee
    asked for, then submit it again."""
    locked = report.locked(ReportStatus.RETURNED)
    if not can_resume_editing(by, locked):
        raise ValidationError(gettext("Kun forvaltningens egne sagsbehandlere kan rette redegørelsen."))
    report.move(locked, to=ReportStatus.DRAFT, by=by, kind=RevisionKind.RESUMED)


@transaction.atomic
def reopen(report, *, by, reason):
    """Approved → draft, by BIF only, with a reason. The approved snapshot stays in the archive;
    the report continues as a new version that must be approved again."""
    locked = report.locked(ReportStatus.APPROVED)
    if not can_reopen_report(by, locked):
        raise ValidationError(gettext("Kun BIF kan genåbne en godkendt redegørelse."))
    if not reason.strip():
        raise ValidationError(gettext("Skriv, hvorfor redegørelsen genåbnes."))
    report.move(locked, to=ReportStatus.DRAFT, by=by, kind=RevisionKind.REOPENED, comment=reason)


def request_export(*, round, edition, by, reason="", enqueue=True):
    """BIF asks for a statusrapport: returns (export, created). A finished udkast of the same
    inputs is returned as it is; a job already queued or running for the round and edition is
    returned instead of a new one. An endelig edition is never made again from later data: once
    one exists, a new one needs a reason, and both are kept. The job is queued after commit."""
    StatusReportExport.fail_stale()
    reason = reason.strip()
    with transaction.atomic():
        # The round's row serialises concurrent requests; the constraint is the last guard.
        round = ReportingRound.objects.select_for_update().get(pk=round.pk)
        data = gather(round, edition)
        refuse_final_if_incomplete(data)
        exports = StatusReportExport.objects
        if edition == Edition.FINAL:
            latest = exports.finished().filter(round=round, edition=Edition.FINAL).first()
            if latest and not reason:
                raise ValidationError(
                    gettext(
                        "Der findes allerede en endelig udgave (nr. %(number)s af %(date)s). Den er arkiveret og "
                        "laves ikke om. Skriv en begrundelse, hvis der skal laves en ny endelig udgave."
                    )
                    % {
                        "number": latest.number,
                        "date": timezone.localtime(latest.finished_at or latest.created_at).strftime("%d.%m.%Y"),
                    }
                )
        else:
            cached = exports.finished().filter(round=round, edition=edition, input_hash=data.input_hash)
            if cached := cached.first():
                return cached, False
        active = exports.for_round(round).active().filter(edition=edition).first()
        if active:
            return active, False
        try:
            with transaction.atomic():
                export = exports.create(
                    round=round,
                    edition=edition,
                    input_hash=data.input_hash,
                    requested_by=by,
                    reason=reason if edition == Edition.FINAL else "",
                )
        except IntegrityError:
            return exports.for_round(round).active().get(edition=edition), False
        if enqueue:
            transaction.on_commit(lambda: export_statusreport.enqueue(export.pk))
    return export, True
