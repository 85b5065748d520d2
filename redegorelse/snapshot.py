"""A report frozen as plain data: what the committee saw at a submission, and what it approved.
The hash is taken over canonical JSON, so anyone can recompute it from the stored content."""

import hashlib
import json

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _


def service_language():
    """Frozen content is the municipality's record, written in the service language (Danish)
    whoever clicks and whatever their interface language: labels, phrases and headings are
    rendered inside this block before they are stored or hashed."""
    return translation.override(settings.LANGUAGE_CODE)


def related(report, name):
    """A relation's rows: those Report.objects.with_document() prefetched (no query), else read
    in the document's order."""
    if name in getattr(report, "_prefetched_objects_cache", {}):
        return list(getattr(report, name).all())
    if name == "assessments":
        return list(report.assessments.select_related("goal").order_by("goal__number"))
    if name == "initiatives":
        return list(
            report.initiatives.select_related("attachment").prefetch_related("goals").order_by("position", "pk")
        )
    return list(report.attachments.order_by("position", "pk"))


def build_content(report):
    """Everything the report says, in the order the document shows it. Labels are rendered in
    the active language: callers that freeze the content do so inside service_language()."""
    assessments = related(report, "assessments")
    initiatives = related(report, "initiatives")
    attachments = related(report, "attachments")
    policy = report.round.policy
    return {
        # The policy the report answers to, as it was: the document names its end year and the
        # number of its goals ("Integrationspolitikkens seks mål er:").
        "policy": {"name": policy.name, "start_year": policy.start_year, "end_year": policy.end_year},
        "report": {
            "id": report.pk,
            "department": report.department.abbreviation,
            "department_name": report.department.name,
            "department_genitive": report.department.genitive,
            "committee": report.department.committee.name,
            "year": report.round.year,
            "version": report.version,
            "ordinal": report.ordinal,
            "case_number": report.case_number,
            "title": report.title,
            "recommendations": report.recommendation_points,
            "problem": report.problem,
            "solution": report.solution,
            "solution_closing": report.solution_closing,
            "economy": report.economy,
            "next_steps": report.next_steps,
            "signatories": [
                [report.signatory_1_name, report.signatory_1_title],
                [report.signatory_2_name, report.signatory_2_title],
            ],
        },
        # The policy's goals as the report was written against them ("Integrationspolitikkens
        # seks mål er: …"), so the frozen document never depends on a later policy.
        "goals": [{"number": a.goal.number, "area": a.goal.area, "text": a.goal.text} for a in assessments],
        "assessments": [
            {
                "goal": a.goal.number,
                "area": a.goal.area,
                "role": a.get_role_display(),
                "realistic": a.get_realistic_display(),
                "reasons": a.reasons,
            }
            for a in assessments
        ],
        "initiatives": [
            {
                "name": i.name,
                "goals": [g.number for g in i.goals.all()],
                "kind": i.get_kind_display(),
                "description": i.description,
                "target_group": i.target_group,
                "period": i.period,
                "resources_dkk": str(i.resources_dkk) if i.resources_dkk is not None else None,
                "funding": i.get_funding_display(),
                "funding_source": i.funding_source,
                "partners": i.partners,
                "progress": i.get_progress_display(),
                "results": i.results,
                "next_actions": i.next_actions,
                "attachment": i.attachment.position if i.attachment else None,
                "attachment_subject": i.attachment_subject,
            }
            for i in initiatives
        ],
        "attachments": [
            {
                "id": a.pk,
                "number": a.position,
                "title": a.title,
                "original_name": a.original_name,
                "kind": a.kind,
                "page_count": a.page_count,
                "sha256": a.sha256,
            }
            for a in attachments
        ],
    }


def decision_block(decision):
    """A live decision as the document's decision block shows it."""
    return {
        "heading": decision.block_heading,
        "text": decision.decision_text,
        "changes": decision.changes_text,
        "reasons": [{"section": r.get_section_display(), "text": r.text} for r in decision.reasons.all()],
    }


def document(content, *, date=None, decision=None, department=None, goals=None, level=1):
    """What redegorelse/_document.html renders: a report's content (live, submitted or frozen),
    its date and its decision block. The approval PDF and the statusrapport's copy of an approved
    report both render the frozen content through this, so they cannot differ.

    `department` and `goals` fill in what snapshots made before these were frozen do not carry;
    `level` is the heading level of the document's title (1 alone, deeper inside the statusrapport)."""
    report = dict(content["report"])
    if "department_genitive" not in report:
        report["department_genitive"] = department.genitive if department else report["department_name"]
    areas = {a["goal"]: a["area"] for a in content["assessments"]}
    if "goals" in content:
        goal_list = content["goals"]
    else:
        texts = {g.number: g.text for g in goals or []}
        goal_list = [{"number": n, "area": area, "text": texts.get(n, area)} for n, area in areas.items()]
    return {
        "report": report,
        "date": date,
        # Snapshots made before the policy was frozen with them all answer to 2007–2010.
        "policy_end_year": content.get("policy", {}).get("end_year", 2010),
        "goals": goal_list,
        "assessments": content["assessments"],
        "initiatives": [
            {**i, "goal_labels": [f"{n}. {areas[n]}" if n in areas else str(n) for n in i["goals"]]}
            for i in content["initiatives"]
        ],
        "attachments": content["attachments"],
        "decision": decision if decision is not None else content.get("decision"),
        "h1": level,
        "h2": level + 1,
        "h3": level + 2,
        "h4": level + 3,
    }


def live_document(report):
    """The report as it stands, for the web preview and its PDF; reads what with_document() fetched."""
    latest = report.latest_decision
    dated = report.submitted_at or report.updated_at
    return document(
        build_content(report),
        date=timezone.localdate(dated) if dated else None,
        decision=decision_block(latest) if latest else {},
    )


def frozen_document(snapshot, *, department=None, goals=None, level=1):
    """An approved report exactly as archived: the approval PDF and the statusrapport use this."""
    return document(
        snapshot.content,
        date=timezone.localdate(snapshot.decision.submission.submitted_at),
        department=department,
        goals=goals,
        level=level,
    )


def content_hash(content):
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def section_texts(content):
    """Each section of a snapshot as one readable text, for the committee's 'what changed' view."""
    report = content["report"]
    assessments = "\n\n".join(
        f"{_('Mål')} {a['goal']} ({a['area']}): {a['role'] or '–'}; {_('realistisk')}: {a['realistic'] or '–'}. "
        f"{a['reasons']}"
        for a in content["assessments"]
    )
    initiatives = "\n\n".join(
        f"{i['name']} ({i['kind']}, {_('status')}: {i['progress'] or '–'}). {i['description']} {i['results']}"
        for i in content["initiatives"]
    )
    attachments = "\n".join(f"{_('Bilag')} {a['number']}: {a['title']}" for a in content["attachments"])
    signatories = " / ".join(name for name, _title in report["signatories"])
    return [
        (_("Indstilling"), "\n".join(report["recommendations"])),
        (_("Problemstilling"), report["problem"]),
        (_("Løsning"), "\n\n".join(filter(None, [report["solution"], report.get("solution_closing", "")]))),
        (_("Målvurderinger"), assessments),
        (_("Indsatser og statusskemaer"), initiatives),
        (_("Økonomi"), report["economy"]),
        (_("Videre proces"), report["next_steps"]),
        (_("Underskrifter"), signatories),
        (_("Bilag"), attachments),
    ]
