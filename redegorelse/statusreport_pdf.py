"""The samlet statusrapport: every department's approved redegørelse (from its frozen snapshot),
the barometer per goal and BIF's introduction, in one tagged PDF.

`gather` reads what the document shows, `input_hash` covers all of it (an unchanged round
returns the stored file), `prepare_bilag` reads and checks the bilag. The document is rendered in
cached pieces and joined (redegorelse.statusreport_pieces). Each PDF bilag gets a section
"Bilag N: title" with as many placeholder pages as it has pages, so the table of contents and the
bookmarks count them; afterwards pdfua.graft draws each bilag page onto its placeholder page,
scaled into the margins, and puts the bilag's tags under its section (a tagged bilag keeps its
structure, an untagged one becomes a figure per page with its text alternative)."""

import hashlib
import io
import json
import logging
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import openpyxl
import pikepdf
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext
from weasyprint.urls import URLFetcherResponse

import pdfua
from barometer.models import Goal, Indicator
from organisation.models import Department
from organisation.textinput import spreadsheet_cell
from pdfua import graft

from .models import ApprovedSnapshot, Attachment, AttachmentKind, Report, ReportStatus
from .models.statusreport_export import Edition, StatusReportIntroduction
from .pdf import STATIC_PREFIX, StaticOnlyFetcher, hyphenate_vocabulary
from .snapshot import frozen_document

logger = logging.getLogger(__name__)

# Raise when the document's layout changes in a way the template files do not show.
# 3: approved reports through the approval PDF's own document template; tagged bilag sections
# 4: rendered in pieces, page numbers stamped after joining
TEMPLATE_VERSION = "4"
TEMPLATES = [
    "pdf/statusreport.html",
    "pdf/statusreport_piece.html",
    "pdf/statusreport/_head.html",
    "pdf/statusreport/_cover.html",
    "pdf/statusreport/_toc.html",
    "pdf/statusreport/_introduction.html",
    "pdf/statusreport/_barometer_intro.html",
    "pdf/statusreport/_goal.html",
    "pdf/statusreport/_economy.html",
    "pdf/statusreport/_appendix.html",
    "pdf/statusreport_report.html",
    "pdf/_statusreport_bilag.html",
    "redegorelse/_document.html",
]
STYLESHEET = "css/print-statusreport.css"
CHART_PREFIX = "chart:"
CONVERTIBLE = {AttachmentKind.DOCX, AttachmentKind.XLSX}
CONVERTED_FOLDER = "statusreport-converted"
SOFFICE_TIMEOUT = 120
SOFFICE_FILTERS = {AttachmentKind.DOCX: "writer_pdf_Export", AttachmentKind.XLSX: "calc_pdf_Export"}
SOFFICE_OPTIONS = (
    '{"PDFUACompliance":{"type":"boolean","value":"true"},"UseTaggedPDF":{"type":"boolean","value":"true"}}'
)


class ChartFetcher(StaticOnlyFetcher):
    """Our static files, plus the charts drawn for this document (`chart:<code>`) and nothing else."""

    def __init__(self, charts):
        super().__init__()
        self.charts = charts

    def fetch(self, url, headers=None):
        if url.startswith(CHART_PREFIX) and url.removeprefix(CHART_PREFIX) in self.charts:
            svg = self.charts[url.removeprefix(CHART_PREFIX)]
            return URLFetcherResponse(url, body=svg.encode("utf-8"), headers={"Content-Type": "image/svg+xml"})
        return super().fetch(url, headers)


@dataclass
class Bilag:
    department: Department
    number: int
    title: str
    kind: str
    attachment_id: int
    sha256: str
    page_count: int = 0
    pdf: bytes | None = None
    note: str = ""
    alt_text: str = ""
    tagged: bool = False

    @property
    def anchor(self):
        return f"bilag-{self.department.abbreviation}-{self.number}"

    @property
    def included(self):
        return self.pdf is not None

    @property
    def placeholder_ids(self):
        return [f"{self.anchor}-side-{i}" for i in range(1, self.page_count + 1)]

    def alternatives(self):
        """The text alternative of each page of an untagged bilag."""
        text = self.alt_text.strip() or gettext(
            "Bilaget er et billede af en side uden tilgængelig tekst. Kontakt forvaltningen for en tilgængelig udgave."
        )
        return [
            gettext("Bilag %(number)s: %(title)s, side %(page)s af %(pages)s. %(text)s")
            % {"number": self.number, "title": self.title, "page": page, "pages": self.page_count, "text": text}
            for page in range(1, self.page_count + 1)
        ]


@dataclass
class DepartmentReport:
    department: Department
    report: Report | None
    snapshot: ApprovedSnapshot | None
    bilag: list = field(default_factory=list)
    doc: dict | None = None

    @property
    def anchor(self):
        return f"redegoerelse-{self.department.abbreviation}"

    @property
    def content(self):
        return self.snapshot.content if self.snapshot else None

    @property
    def missing_reason(self):
        if self.report is None:
            return gettext("Ingen redegørelse oprettet")
        return gettext("Ikke godkendt (status: %(status)s)") % {"status": self.report.get_status_display()}


@dataclass
class GoalSection:
    goal: Goal
    indicators: list
    assessments: list  # (department, assessment dict)
    initiatives: list  # (department, initiative dict)

    @property
    def anchor(self):
        return f"maal-{self.goal.number}"

    @property
    def corrections(self):
        """(indicator, measurement, earlier value) for every correction of a measurement the round uses."""
        return [(i, m, revision) for i in self.indicators for m, revision in i.corrections()]


@dataclass
class StatusReportData:
    round: object
    edition: str
    introduction: str
    departments: list
    goals: list
    input_hash: str = ""

    @property
    def approved(self):
        return [d for d in self.departments if d.snapshot]

    @property
    def missing(self):
        return [d for d in self.departments if not d.snapshot]

    @property
    def is_final(self):
        return self.edition == Edition.FINAL

    @property
    def all_bilag(self):
        return [b for d in self.approved for b in d.bilag]

    @property
    def initiatives(self):
        """(department, initiative dict) of every approved report, for the economy chapter."""
        return [(d.department, i) for d in self.approved for i in d.content["initiatives"]]

    @property
    def funding_totals(self):
        """Per kind of funding (as the statusskemaer name it): the number of initiatives and the
        resources they state, in kroner (None when none states an amount)."""
        totals = {}
        for _department, initiative in self.initiatives:
            kind = initiative.get("funding") or gettext("Ikke oplyst")
            count, amount = totals.get(kind, (0, None))
            value = initiative.get("resources_dkk")
            if value not in (None, ""):
                amount = (amount or 0) + int(Decimal(value))
            totals[kind] = (count + 1, amount)
        return sorted(totals.items())

    @property
    def sources(self):
        seen = {}
        for section in self.goals:
            for indicator in section.indicators:
                seen.setdefault(indicator.data_source, []).append(indicator.code)
        return sorted(seen.items())


def gather(round, edition):
    """Everything the statusrapport shows, read once. Approved reports come from their snapshot."""
    reports = {r.department_id: r for r in Report.objects.filter(round=round).select_related("department")}
    approved = [r.pk for r in reports.values() if r.status == ReportStatus.APPROVED]
    snapshots = {}
    for snapshot in (
        ApprovedSnapshot.objects.filter(decision__report__in=approved)
        .select_related("decision__submission")
        .order_by("decision__pk")
    ):
        snapshots[snapshot.content["report"]["id"]] = snapshot  # the latest approval wins
    departments = []
    for department in Department.objects.with_committee().order_by("name"):
        report = reports.get(department.pk)
        snapshot = snapshots.get(report.pk) if report else None
        entry = DepartmentReport(department, report, snapshot)
        if snapshot:
            entry.bilag = [
                Bilag(department, a["number"], a["title"], a["kind"], a["id"], a["sha256"], a["page_count"] or 0)
                for a in snapshot.content.get("attachments", [])
            ]
        departments.append(entry)
    # The round's own policy and the barometer up to the round's data cut-off, whatever came later.
    indicators = Indicator.objects.for_round(round)
    goals = []
    for goal in Goal.objects.of_policy(round.policy_id).with_indicators(indicators):
        assessments, initiatives = [], []
        for entry in departments:
            if not entry.snapshot:
                continue
            assessments += [(entry.department, a) for a in entry.content["assessments"] if a["goal"] == goal.number]
            initiatives += [(entry.department, i) for i in entry.content["initiatives"] if goal.number in i["goals"]]
        goals.append(GoalSection(goal, goal.listed_indicators, assessments, initiatives))
    for entry in departments:
        if entry.snapshot:
            # The same document, from the same frozen content, as the archived approval PDF.
            entry.doc = frozen_document(
                entry.snapshot, department=entry.department, goals=[s.goal for s in goals], level=3
            )
    introduction = StatusReportIntroduction.objects.filter(round=round).values_list("text", flat=True).first() or ""
    data = StatusReportData(round, edition, introduction, departments, goals)
    data.input_hash = input_hash(data)
    return data


def refuse_final_if_incomplete(data):
    if data.is_final and data.missing:
        names = ", ".join(d.department.abbreviation for d in data.missing)
        raise ValidationError(
            gettext("Den endelige udgave kræver, at alle forvaltningers redegørelser er godkendt. Mangler: %(names)s.")
            % {"names": names}
        )


def template_fingerprint():
    digest = hashlib.sha256(f"{TEMPLATE_VERSION}/{pdfua.VERSION}".encode())
    for name in TEMPLATES:
        digest.update(Path(get_template(name).origin.name).read_bytes())
    digest.update(Path(finders.find(STYLESHEET)).read_bytes())
    return digest.hexdigest()


def input_hash(data):
    """Covers everything the document is made of, so an unchanged round returns the stored file."""
    barometer = [
        {
            "goal": [s.goal.number, s.goal.area, s.goal.text, s.goal.target_text],
            "indicators": [
                [
                    i.code,
                    i.name,
                    i.unit,
                    i.direction,
                    str(i.baseline_value),
                    i.baseline_year,
                    i.baseline_half,
                    str(i.target_value),
                    i.target_year,
                    str(i.tolerance),
                    i.data_source,
                    [
                        [
                            m.year,
                            m.half,
                            str(m.value),
                            m.definition_version,
                            m.source_note,
                            [[str(r.value), r.corrected_at.isoformat(), r.reason] for r in m.revision_list()],
                        ]
                        for m in i.series
                    ],
                ]
                for i in s.indicators
            ],
        }
        for s in data.goals
    ]
    payload = {
        "policy": [data.round.policy_id, data.round.data_cutoff.code],
        "edition": data.edition,
        "template": template_fingerprint(),
        "introduction": data.introduction,
        "departments": [
            [
                d.department.abbreviation,
                d.department.name,
                d.snapshot.content_sha256 if d.snapshot else None,
                d.report.status if d.report else None,
            ]
            for d in data.departments
        ],
        "barometer": barometer,
        "soffice": bool(shutil.which("soffice")),
    }
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# -- bilag ------------------------------------------------------------------------------------------


def prepare_bilag(data):
    """Reads each bilag of the approved reports. A PDF that cannot be opened, is encrypted or no
    longer matches the approved hash is listed as not includable; the export goes on."""
    files = {a.pk: a for a in Attachment.objects.filter(pk__in=[b.attachment_id for b in data.all_bilag])}
    for bilag in data.all_bilag:
        attachment = files.get(bilag.attachment_id)
        raw = read_file(attachment)
        if raw is None:
            bilag.note = gettext("Filen mangler og kan ikke indsættes.")
            continue
        if hashlib.sha256(raw).hexdigest() != bilag.sha256:
            bilag.note = gettext("Filen er ændret siden godkendelsen og kan ikke indsættes.")
            continue
        if bilag.kind in CONVERTIBLE:
            raw = converted(raw, bilag)
            if raw is None:
                bilag.note = gettext("Leveres separat (kan ikke omdannes til PDF her).")
                continue
        elif bilag.kind != AttachmentKind.PDF:
            bilag.note = gettext("Leveres separat.")
            continue
        bilag.alt_text = getattr(attachment, "alt_text", "") or ""
        try:
            with pikepdf.open(io.BytesIO(raw)) as pdf:
                bilag.page_count = len(pdf.pages)
                bilag.tagged = graft.is_tagged(pdf)
        except pikepdf.PasswordError:
            bilag.note = gettext("Kan ikke indsættes: PDF-filen er krypteret.")
            continue
        except pikepdf.PdfError:
            bilag.note = gettext("Kan ikke indsættes: PDF-filen er beskadiget.")
            continue
        if bilag.page_count == 0:
            bilag.note = gettext("Kan ikke indsættes: PDF-filen har ingen sider.")
            continue
        bilag.pdf = raw


def read_file(attachment):
    if attachment is None or not attachment.file:
        return None
    try:
        with attachment.file.open("rb") as handle:
            return handle.read()
    except FileNotFoundError:
        return None


def read_stored(name):
    """A file the exports keep in the default storage (shared by every machine), or None."""
    try:
        if default_storage.exists(name):
            with default_storage.open(name, "rb") as handle:
                return handle.read()
    except OSError:
        logger.warning("Could not read %s", name)
    return None


def keep(name, data):
    """Stores `data` under `name` unless it is there; a full or read-only storage costs the work
    again next time, not this export."""
    try:
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(data))
    except OSError:
        logger.warning("Could not store %s", name)


def converted(raw, bilag):
    """A DOCX/XLSX bilag as PDF. LibreOffice converts each approved file once: the PDF is kept
    in the default storage under the file's hash and the conversion's settings, so a later
    export, on any machine, reads it instead of starting LibreOffice again."""
    settings_text = f"{bilag.kind}/{SOFFICE_FILTERS[bilag.kind]}:{SOFFICE_OPTIONS}"
    key = hashlib.sha256(f"{bilag.sha256}/{settings_text}".encode()).hexdigest()
    name = f"{CONVERTED_FOLDER}/{key}.pdf"
    pdf = read_stored(name)
    if pdf is None:
        pdf = convert_with_libreoffice(raw, bilag.kind)
        if pdf is not None:
            keep(name, pdf)
    return pdf


def convert_with_libreoffice(raw, kind):
    """DOCX/XLSX to PDF with `soffice --headless` and its PDF/UA export option, each conversion in
    its own profile and with a timeout. None when LibreOffice is not installed or the conversion
    fails. (Writer writes a tagged PDF; this LibreOffice's Calc writes an untagged one, which is
    then drawn as a figure like any untagged bilag.)"""
    soffice = shutil.which("soffice")
    if not soffice:
        return None
    with tempfile.TemporaryDirectory(prefix="statusrapport-") as folder:
        source = Path(folder) / f"bilag.{kind}"
        source.write_bytes(raw)
        command = [
            soffice,
            f"-env:UserInstallation=file://{folder}/profile",
            "--headless",
            "--convert-to",
            f"pdf:{SOFFICE_FILTERS[kind]}:{SOFFICE_OPTIONS}",
            "--outdir",
            folder,
            str(source),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=SOFFICE_TIMEOUT, check=True)
        except (subprocess.SubprocessError, OSError):
            logger.warning("LibreOffice could not convert a %s bilag", kind)
            return None
        target = Path(folder) / "bilag.pdf"
        return target.read_bytes() if target.exists() else None


# -- rendering --------------------------------------------------------------------------------------


def render_html(data, charts):
    """The whole document as one HTML page (as Chromium prints it in `make bench`); the export
    renders it in pieces (statusreport_pieces.build_pdf)."""
    context = {
        "data": data,
        "round": data.round,
        "generated_on": timezone.localdate(),
        "static_prefix": STATIC_PREFIX,
        "chart_prefix": CHART_PREFIX,
        "charts": charts,
        "pdf": True,
    }
    with translation.override(settings.LANGUAGE_CODE):
        return hyphenate_vocabulary(render_to_string("pdf/statusreport.html", context))


class ThrottledProgress:
    """Passes the page-by-page layout progress on at most every half second; other steps always."""

    def __init__(self, callback, interval=0.5):
        self.callback = callback
        self.interval = interval
        self.last = 0.0

    def __call__(self, percent, step):
        now = time.monotonic()
        in_layout = 10 < percent < 80
        if not in_layout or now - self.last >= self.interval:
            self.last = now
            self.callback(percent, step)


# -- the workbook -----------------------------------------------------------------------------------


def safe_cell(value):
    """Text a spreadsheet would run as a formula is kept as text (organisation.textinput)."""
    if isinstance(value, Promise):
        value = str(value)
    return spreadsheet_cell(value)


def build_workbook(data):
    """The round's data for BIF's own analysis: assessments, initiatives, indicators, measurements."""
    workbook = openpyxl.Workbook(write_only=True)

    def sheet(title, header, rows):
        worksheet = workbook.create_sheet(title)
        worksheet.append(header)
        for row in rows:
            worksheet.append([safe_cell(value) for value in row])

    with translation.override(settings.LANGUAGE_CODE):
        sheet(
            gettext("Vurderinger"),
            [gettext("Forvaltning"), gettext("Mål"), gettext("Område"), gettext("Rolle"), gettext("Realistisk")],
            [
                [d.department.abbreviation, a["goal"], a["area"], a["role"], a["realistic"]]
                for d in data.approved
                for a in d.content["assessments"]
            ],
        )
        sheet(
            gettext("Indsatser"),
            [gettext("Forvaltning"), gettext("Indsats"), gettext("Mål"), gettext("Type"), gettext("Status")],
            [
                [d.department.abbreviation, i["name"], ", ".join(map(str, i["goals"])), i["kind"], i["progress"]]
                for d in data.approved
                for i in d.content["initiatives"]
            ],
        )
        indicators = [i for s in data.goals for i in s.indicators]
        sheet(
            gettext("Indikatorer"),
            [gettext("Kode"), gettext("Navn"), gettext("Mål"), gettext("Målværdi"), gettext("Status")],
            [[i.code, i.name, i.goal.number, float(i.target_value), i.assessment.status.label] for i in indicators],
        )
        sheet(
            gettext("Målinger"),
            [gettext("Kode"), gettext("År"), gettext("Halvår"), gettext("Værdi"), gettext("Kilde")],
            [[i.code, m.year, m.half, float(m.value), m.source_note] for i in indicators for m in i.series],
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def readiness(round):
    """Each department with its report for the round (or None) and whether it is approved."""
    reports = {r.department_id: r for r in Report.objects.filter(round=round)}
    return [
        (
            department,
            reports.get(department.pk),
            getattr(reports.get(department.pk), "status", None) == ReportStatus.APPROVED,
        )
        for department in Department.objects.order_by("name")
    ]
