"""The measurement file: what `import_measurements` and the upload page read, and what the export
writes, so that an export imported again changes nothing.

Columns `indikator;periode;værdi;kilde`, as CSV the way Danish Excel writes it (semicolons, decimal
comma, UTF-8 with or without a byte-order mark) or as XLSX. An import is planned first (a dry run:
every row new, corrected or unchanged, and every bad row with its line number and a Danish reason)
and written only when the whole file is valid, in one transaction."""

import csv
import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

import openpyxl
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext
from openpyxl.utils.exceptions import InvalidFileException

from organisation.textinput import check_text, looks_like_formula, normalise, spreadsheet_cell, unpacks_within

from .models import FORMULA_MESSAGE, ChangeKind, Indicator, Measurement
from .periods import Period
from .units import trimmed, value_problem

COLUMNS = ("indikator", "periode", "værdi", "kilde")
MAX_FILE_SIZE = 5 * 1024 * 1024
MAX_ROWS = 20_000
# An XLSX is a zip; its entries may announce small sizes and unpack to gigabytes, so the bytes
# actually unpacked are counted before openpyxl sees the file.
MAX_UNPACKED_SIZE = 50 * 1024 * 1024
MAX_ZIP_ENTRIES = 1_000
MAX_SOURCE_NOTE = Measurement._meta.get_field("source_note").max_length

BOM = "\ufeff"
_DANISH_NUMBER = re.compile(r"^[+-]?(\d+|\d{1,3}(\.\d{3})+)(,\d+)?$")


class FileProblem(Exception):
    """The file as a whole cannot be read (empty, wrong columns, not CSV or XLSX); the message is Danish."""


@dataclass(frozen=True)
class RawRow:
    line: int
    code: str
    period: object
    value: object
    source_note: str
    problem: str = ""  # set by the reader when the line itself is malformed


@dataclass(frozen=True)
class RowError:
    line: int
    message: str


@dataclass
class PlannedRow:
    line: int
    indicator: Indicator
    period: Period
    value: Decimal
    source_note: str
    kind: ChangeKind
    old_value: Decimal | None = None

    @property
    def old_value_display(self):
        return self.indicator.format_value(self.old_value)

    @property
    def value_display(self):
        return self.indicator.format_value(self.value)


@dataclass
class ImportPlan:
    """What an import would do. Nothing is written until apply() is called on a valid plan."""

    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    file_error: str = ""

    @property
    def is_valid(self):
        return not self.file_error and not self.errors and bool(self.rows)

    @property
    def counts(self):
        counted = Counter(row.kind for row in self.rows)
        return {kind.value: counted[kind] for kind in ChangeKind}

    @property
    def changes(self):
        return [row for row in self.rows if row.kind != ChangeKind.UNCHANGED]

    @property
    def kinds(self):
        """Fingerprint of the plan, to check that a confirmed import still does what the dry run showed."""
        return [[row.indicator.code, row.period.code, row.kind.value] for row in self.rows]

    def as_payload(self):
        """The valid rows in plain values, to be signed and confirmed without uploading the file again."""
        return [[row.line, row.indicator.code, row.period.code, str(row.value), row.source_note] for row in self.rows]

    @transaction.atomic
    def apply(self, *, by, reason):
        if not self.is_valid:
            raise ValueError("An invalid import plan cannot be applied.")
        for row in self.changes:
            row.indicator.record_measurement(row.period, row.value, by=by, source_note=row.source_note, reason=reason)
        return self.counts


def load(name, fileobj):
    """Reads an uploaded or local file and plans its import."""
    try:
        return plan_import(read_file(name, fileobj))
    except FileProblem as problem:
        return ImportPlan(file_error=str(problem))


def rows_from_payload(payload):
    return [RawRow(line, code, period, Decimal(value), note) for line, code, period, value, note in payload]


def read_file(name, fileobj):
    data = fileobj.read(MAX_FILE_SIZE + 1)
    if len(data) > MAX_FILE_SIZE:
        raise FileProblem(
            gettext("Filen er for stor. Den må højst fylde %(size)s MB.") % {"size": MAX_FILE_SIZE // 1024 // 1024}
        )
    if not data.strip():
        raise FileProblem(gettext("Filen er tom."))
    if name.lower().endswith(".xlsx"):
        return read_xlsx(data)
    if name.lower().endswith(".csv"):
        return read_csv(data)
    raise FileProblem(gettext("Filen skal være en CSV- eller XLSX-fil."))


def read_csv(data):
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise FileProblem(
            gettext("Filen er ikke gemt som UTF-8. Gem den i Excel som »CSV UTF-8 (kommasepareret)«.")
        ) from None
    text = text.removeprefix(BOM)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    return _rows(_numbered(reader))


def _numbered(reader):
    line = 0
    try:
        for cells in reader:
            line = reader.line_num
            yield line, cells
    except csv.Error:
        # A field longer than the csv module's limit (131,072 characters), or a broken quote.
        raise FileProblem(
            gettext("Linje %(line)s kan ikke læses: et felt er for langt, eller et anførselstegn mangler.")
            % {"line": line + 1}
        ) from None


def read_xlsx(data):
    _check_zip(data)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError):
        raise FileProblem(gettext("Filen kunne ikke læses som en XLSX-fil.")) from None
    try:
        sheet = workbook.worksheets[0]
        return _rows(enumerate(sheet.iter_rows(values_only=True), start=1))
    finally:
        workbook.close()


def _check_zip(data):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise FileProblem(gettext("Filen er ikke en gyldig XLSX-fil.")) from None
    with archive:
        entries = archive.infolist()
        names = {entry.filename for entry in entries}
        if len(entries) > MAX_ZIP_ENTRIES or not {"[Content_Types].xml", "xl/workbook.xml"} <= names:
            raise FileProblem(gettext("Filen er ikke en gyldig XLSX-fil."))
        try:
            small_enough = unpacks_within(archive, MAX_UNPACKED_SIZE)
        except (zipfile.BadZipFile, NotImplementedError, EOFError, RuntimeError):
            # RuntimeError: an encrypted entry; NotImplementedError: an unknown compression method.
            raise FileProblem(gettext("Filen er ikke en gyldig XLSX-fil.")) from None
        if not small_enough:
            raise FileProblem(gettext("Filen fylder for meget, når den pakkes ud."))


def _rows(numbered_cells):
    """Turns (line number, cells) into RawRows, checking the header and skipping blank lines."""
    header = None
    rows = []
    for line, cells in numbered_cells:
        cells = ["" if cell is None else cell for cell in cells]
        if all(str(cell).strip() == "" for cell in cells):
            continue
        if header is None:
            header = _columns(cells)
            continue
        if len(rows) >= MAX_ROWS:
            raise FileProblem(gettext("Filen har mere end %(rows)s rækker.") % {"rows": MAX_ROWS})
        extra = cells[len(header) :]
        cells = list(cells[: len(header)]) + [""] * (len(header) - len(cells))
        by_column = dict(zip(header, cells, strict=True))
        if any(str(cell).strip() for cell in extra):
            rows.append(RawRow(line, "", "", "", "", problem=gettext("Linjen har flere felter end overskriften.")))
            continue
        rows.append(
            RawRow(
                line=line,
                code=str(by_column["indikator"]).strip(),
                period=by_column["periode"],
                value=by_column["værdi"],
                source_note=normalise(str(by_column["kilde"])).strip(),
            )
        )
    if header is None:
        raise FileProblem(gettext("Filen er tom."))
    if not rows:
        raise FileProblem(gettext("Filen indeholder ingen målinger, kun overskriftslinjen."))
    return rows


def _columns(cells):
    names = [str(cell).strip().lower().removeprefix(BOM) for cell in cells]
    while names and names[-1] == "":
        names.pop()
    if sorted(names) != sorted(COLUMNS):
        raise FileProblem(
            gettext("Forkerte kolonner: fandt »%(found)s«. Filen skal have kolonnerne %(expected)s.")
            % {"found": ";".join(names), "expected": ";".join(COLUMNS)}
        )
    return names


def plan_import(raw_rows):
    codes = {row.code.upper() for row in raw_rows}
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    existing = {
        (m.indicator_id, m.year, m.half): m for m in Measurement.objects.filter(indicator__in=indicators.values())
    }
    plan = ImportPlan()
    first_line = {}
    for raw in raw_rows:
        errors = _row_errors(raw, indicators, first_line)
        if errors:
            plan.errors.extend(RowError(raw.line, message) for message in errors)
            continue
        indicator, period, value = indicators[raw.code.upper()], _period(raw.period), _number(raw.value)
        measurement = existing.get((indicator.pk, period.year, period.half))
        if measurement is None:
            kind, old_value = ChangeKind.NEW, None
        elif measurement.differs_from(value, raw.source_note):
            kind, old_value = ChangeKind.CORRECTED, measurement.value
        else:
            kind, old_value = ChangeKind.UNCHANGED, measurement.value
        plan.rows.append(PlannedRow(raw.line, indicator, period, value, raw.source_note, kind, old_value))
    return plan


def _row_errors(raw, indicators, first_line):
    """Every reason a row cannot be imported, in Danish. Records the row's key to find duplicates."""
    if raw.problem:
        return [raw.problem]
    errors = []
    indicator = indicators.get(raw.code.upper())
    if not raw.code:
        errors.append(gettext("Indikatorkoden mangler."))
    elif indicator is None:
        errors.append(gettext("Ukendt indikator »%(code)s«.") % {"code": raw.code})
    period = _period(raw.period)
    if period is None:
        errors.append(
            gettext("Ugyldig periode »%(period)s«. Skriv fx 2009-1 eller 1. halvår 2009.")
            % {"period": _shown(raw.period)}
        )
    value = _number(raw.value)
    if _shown(raw.value) == "":
        errors.append(gettext("Værdien mangler."))
    elif value is None:
        errors.append(
            gettext("Værdien »%(value)s« er ikke et tal. Skriv tal med decimalkomma, fx 57,5.")
            % {"value": _shown(raw.value)}
        )
    elif indicator is not None and (problem := value_problem(indicator.unit, value)):
        errors.append(
            gettext("Værdien passer ikke til enheden %(unit)s: %(problem)s")
            % {"unit": indicator.get_unit_display(), "problem": problem}
        )
    if len(raw.source_note) > MAX_SOURCE_NOTE:
        errors.append(gettext("Kilden må højst være %(length)s tegn.") % {"length": MAX_SOURCE_NOTE})
    for cell in (raw.code, raw.source_note, raw.period if isinstance(raw.period, str) else ""):
        try:
            check_text(cell, multiline=False)
        except ValidationError as error:
            errors.extend(error.messages)
            break
    if looks_like_formula(raw.source_note):
        errors.append(str(FORMULA_MESSAGE))
    if indicator is not None and period is not None:
        key = (indicator.code, period)
        if key in first_line:
            errors.append(
                gettext("%(code)s, %(period)s står også i linje %(line)s.")
                % {"code": indicator.code, "period": period, "line": first_line[key]}
            )
        else:
            first_line[key] = raw.line
    return errors


def _shown(cell):
    return "" if cell is None else str(cell).strip()


def _period(cell):
    if not isinstance(cell, str):
        # Excel turns "2009-1" typed into a cell into a date; that is not a half-year.
        return None
    try:
        return Period.parse(cell)
    except ValueError:
        return None


def _number(cell):
    """A Decimal from a Danish number ('57,5', '1.234,5', '−3') or a spreadsheet number; else None."""
    if isinstance(cell, (bool, date | datetime)):
        return None
    if isinstance(cell, Decimal):
        return cell
    if isinstance(cell, int | float):
        # repr() of a float is the shortest text that reads back the same: 47.1, not 47.10000000000000142.
        try:
            number = Decimal(repr(cell))
        except InvalidOperation:
            return None
        return number if number.is_finite() else None
    text = _shown(cell).replace("\u2212", "-")
    if not _DANISH_NUMBER.match(text):
        return None
    return Decimal(text.replace(".", "").replace(",", "."))


def export_rows(measurements):
    """(code, period, value, source) for each measurement, the way the file writes them."""
    for m in measurements:
        yield m.indicator.code, m.period.file_label, m.value, m.source_note


def plain_number(value):
    """57,1 · −3 · 1234,5: a decimal comma, no thousands separator, no trailing zeros."""
    return format(trimmed(value), "f").replace(".", ",")


def write_csv(measurements):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for code, period, value, source in export_rows(measurements):
        writer.writerow(
            [spreadsheet_cell(code), spreadsheet_cell(period), plain_number(value), spreadsheet_cell(source)]
        )
    # The byte-order mark makes Excel read the file as UTF-8 (æ, ø, å) instead of Windows-1252.
    return (BOM + buffer.getvalue()).encode("utf-8")


def write_xlsx(measurements):
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(gettext("Målinger"))
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 16
    sheet.column_dimensions["C"].width = 12
    sheet.column_dimensions["D"].width = 40
    sheet.append(COLUMNS)
    for code, period, value, source in export_rows(measurements):
        # A float reads back as the same Decimal: the column holds at most 12 significant digits.
        sheet.append([spreadsheet_cell(code), spreadsheet_cell(period), float(value), spreadsheet_cell(source)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
