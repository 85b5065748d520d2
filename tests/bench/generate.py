"""Synthetic data for the statusrapport benchmark, from a fixed seed, at two sizes.

M: 7 departments with ~15 pages of report each, 60 indicators × 6 half-years, 30 PDF bilag.
L: 40 departments, 90 indicators, 120 PDF bilag, ~600 pages in all.
Approved reports are written straight to the database (report, submission, decision, snapshot)
so that generating L does not render 40 archive PDFs first."""

import datetime
import hashlib
import io
import random
from decimal import Decimal

import pikepdf
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from barometer.models import Goal, Indicator, Measurement
from organisation.models import Committee, Department
from redegorelse.models import (
    ApprovedSnapshot,
    Attachment,
    Decision,
    GoalAssessment,
    Initiative,
    Outcome,
    Report,
    ReportingRound,
    ReportStatus,
    Submission,
)
from redegorelse.snapshot import build_content, content_hash

SEED = 2009
SIZES = {
    "M": {"departments": 7, "paragraphs": 40, "initiatives": 10, "indicators": 60, "bilag": 30, "bilag_pages": 2},
    "L": {"departments": 40, "paragraphs": 22, "initiatives": 6, "indicators": 90, "bilag": 120, "bilag_pages": 2},
}
WORDS = [
    *("integration", "beskæftigelse", "uddannelse", "indsats", "forvaltning", "borgere", "bydel", "udvikling"),
    *("målgruppe", "tosprogede", "samarbejde", "helhedsplan", "boligområde", "fritid", "sundhed", "kompetencer"),
    *("virksomheder", "mentorordning", "praktik", "evaluering", "resultater", "ressourcer", "partnerskab"),
    *("opfølgning", "frivillige", "foreninger", "skole", "dagtilbud", "forældre"),
]


def paragraph(rng, sentences=5):
    out = []
    for _ in range(sentences):
        words = [rng.choice(WORDS) for _ in range(rng.randint(10, 18))]
        out.append(" ".join(words).capitalize() + ".")
    return " ".join(out)


def text(rng, paragraphs):
    return "\n\n".join(paragraph(rng) for _ in range(paragraphs))


def bilag_pdf(label, pages):
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)
    )
    for number in range(1, pages + 1):
        page = pdf.add_blank_page(page_size=(595, 842))
        page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        page.obj.Contents = pdf.make_stream(f"BT /F1 16 Tf 72 760 Td ({label} side {number}) Tj ET".encode("latin-1"))
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def departments(count):
    existing = list(Department.objects.order_by("name"))
    for n in range(len(existing), count):
        department = Department.objects.create(name=f"Benchmarkforvaltning {n:02d}", abbreviation=f"BF{n:02d}")
        Committee.objects.create(name=f"Benchmarkudvalget {n:02d}", abbreviation=f"BU{n:02d}", department=department)
        existing.append(department)
    return Department.objects.with_committee().order_by("name")[:count]


def indicators(rng, count, user):
    goals = list(Goal.objects.filter(policy__start_year=2007).order_by("number"))
    for n in range(1, count + 1):
        indicator = Indicator.objects.create(
            goal=goals[n % len(goals)],
            code=f"Z{n}",
            name=f"Benchmarkindikator {n}: {rng.choice(WORDS)} og {rng.choice(WORDS)}",
            unit="pct",
            direction="higher",
            data_source=f"Benchmarkkilde {n % 7}",
            baseline_value=Decimal("40"),
            baseline_year=2007,
            baseline_half=1,
            target_value=Decimal("50"),
            target_year=2010,
            tolerance=Decimal("0.5"),
        )
        value = 40.0
        for index, (year, half) in enumerate([(2007, 1), (2007, 2), (2008, 1), (2008, 2), (2009, 1), (2009, 2)]):
            value += rng.uniform(-1.5, 3)
            Measurement.objects.create(
                indicator=indicator,
                year=year,
                half=half,
                value=Decimal(f"{value:.1f}"),
                source_note=f"Måling {index + 1}",
                entered_by=user,
            )


def approved_report(rng, department, round, user, size, bilag_numbers):
    report = Report.start(department=department, round=round, by=user)
    Report.objects.filter(pk=report.pk).update(
        case_number="2009-0123456",
        problem=text(rng, size["paragraphs"] // 4),
        solution=text(rng, size["paragraphs"] // 4),
        economy=text(rng, 2),
        next_steps=text(rng, 2),
        signatory_1_name="Direktør",
        signatory_2_name="Kontorchef",
    )
    goals = list(Goal.objects.filter(policy__start_year=2007).order_by("number"))
    GoalAssessment.objects.filter(report=report).update(role="primary", realistic="ja", reasons=paragraph(rng, 4))
    attachments = []
    for position in bilag_numbers:
        raw = bilag_pdf(f"Bilag {position} fra {department.abbreviation}", size["bilag_pages"])
        attachment = Attachment(
            report=report,
            position=position,
            title=f"Statusskema {position}",
            original_name=f"bilag{position}.pdf",
            kind="pdf",
            size=len(raw),
            sha256=hashlib.sha256(raw).hexdigest(),
            page_count=size["bilag_pages"],
            uploaded_by=user,
        )
        attachment.file.save(f"bilag{position}.pdf", ContentFile(raw), save=False)
        attachment.save()
        attachments.append(attachment)
    for position in range(1, size["initiatives"] + 1):
        initiative = Initiative.objects.create(
            report=report,
            position=position,
            name=f"Indsats {position}: {rng.choice(WORDS)}",
            description=text(rng, 2),
            results=paragraph(rng, 4),
            progress="on_track",
        )
        initiative.goals.set(rng.sample(goals, 2))
    report.refresh_from_db()
    content = build_content(report)
    now = timezone.now()
    submission = Submission.objects.create(
        report=report,
        version=report.version,
        content=content,
        content_sha256=content_hash(content),
        submitted_by=user,
        submitted_at=now,
    )
    decision = Decision.objects.create(
        report=report,
        submission=submission,
        meeting_date=datetime.date(2009, 4, 22),
        outcome=Outcome.APPROVED,
        decision_text="Indstillingen blev godkendt.",
        recorded_by=user,
    )
    content["decision"] = {
        "heading": decision.block_heading,
        "outcome": decision.outcome,
        "text": decision.decision_text,
        "changes": "",
        "meeting_date": "2009-04-22",
        "agenda_item": "",
        "committee_case_number": "",
    }
    snapshot = ApprovedSnapshot(
        decision=decision, content=content, content_sha256=content_hash(content), pdf_sha256="0"
    )
    snapshot.pdf.save("archive.pdf", ContentFile(b"%PDF-1.4 benchmark"), save=False)
    snapshot.save()
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.APPROVED)


def generate(size_name):
    size = SIZES[size_name]
    rng = random.Random(SEED)
    user, _created = get_user_model().objects.get_or_create(username="benchmark")
    round = ReportingRound.objects.create(year=2009, submission_deadline=datetime.date(2009, 3, 31))
    indicators(rng, size["indicators"], user)
    chosen = list(departments(size["departments"]))
    per_department = [size["bilag"] // len(chosen)] * len(chosen)
    for n in range(size["bilag"] % len(chosen)):
        per_department[n] += 1
    for department, count in zip(chosen, per_department, strict=True):
        approved_report(rng, department, round, user, size, range(1, count + 1))
    return round
