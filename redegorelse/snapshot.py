"""A report frozen as plain data: what the committee saw at a submission, and what it approved.
The hash is taken over canonical JSON, so anyone can recompute it from the stored content."""

import hashlib
import json

from django.conf import settings
from django.utils import translation


def service_language():
    """Frozen content is the municipality's record, written in the service language (Danish)
    whoever clicks and whatever their interface language: labels, phrases and headings are
    rendered inside this block before they are stored or hashed."""
    return translation.override(settings.LANGUAGE_CODE)


def build_content(report):
    """Everything the report says, in the order the document shows it."""
    assessments = report.assessments.select_related("goal").order_by("goal__number")
    initiatives = report.initiatives.select_related("attachment").prefetch_related("goals").order_by("position", "pk")
    attachments = report.attachments.order_by("position", "pk")
    return {
        "report": {
            "id": report.pk,
            "department": report.department.abbreviation,
            "department_name": report.department.name,
            "committee": report.department.committee.name,
            "year": report.round.year,
            "version": report.version,
            "ordinal": report.ordinal,
            "case_number": report.case_number,
            "title": report.title,
            "recommendations": report.recommendation_points,
            "problem": report.problem,
            "solution": report.solution,
            "economy": report.economy,
            "next_steps": report.next_steps,
            "signatories": [
                [report.signatory_1_name, report.signatory_1_title],
                [report.signatory_2_name, report.signatory_2_title],
            ],
        },
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


def content_hash(content):
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def section_texts(content):
    """Each section of a snapshot as one readable text, for the committee's 'what changed' view."""
    from django.utils.translation import gettext as _

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
        (_("Løsning"), report["solution"]),
        (_("Målvurderinger"), assessments),
        (_("Indsatser og statusskemaer"), initiatives),
        (_("Økonomi"), report["economy"]),
        (_("Videre proces"), report["next_steps"]),
        (_("Underskrifter"), signatories),
        (_("Bilag"), attachments),
    ]
