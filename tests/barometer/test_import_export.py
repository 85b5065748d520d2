"""Import and export of measurements: CSV as Danish Excel writes it and XLSX, a dry run first,
every bad row with its line number and reason, and nothing written unless the whole file is valid."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from barometer import measurement_file
from barometer.models import Direction, Measurement, MeasurementRevision
from barometer.units import Unit
from tests.barometer.factories import IndicatorFactory, MeasurementFactory

pytestmark = pytest.mark.django_db

IMPORT = reverse("barometer:import")
EXPORT = reverse("barometer:export")
HEADER = "indikator;periode;værdi;kilde"


@pytest.fixture
def indicators():
    b1 = IndicatorFactory(code="B1", unit=Unit.PERCENT)
    bo1 = IndicatorFactory(code="BO1", unit=Unit.COUNT, direction=Direction.LOWER_IS_BETTER)
    MeasurementFactory(indicator=b1, year=2009, half=1, value=Decimal("50.1"), source_note="DST")
    MeasurementFactory(indicator=bo1, year=2009, half=1, value=Decimal("2"), source_note="TMF")
    return b1, bo1


def csv_bytes(*lines, bom=True):
    text = "\r\n".join([HEADER, *lines]) + "\r\n"
    return (("\ufeff" if bom else "") + text).encode("utf-8")


def xlsx_bytes(rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def plan_for(data, name="maalinger.csv"):
    return measurement_file.load(name, io.BytesIO(data))


def snapshot():
    return list(Measurement.objects.order_by("pk").values()), MeasurementRevision.objects.count()


@pytest.mark.parametrize("bom", [True, False], ids=["with-bom", "without-bom"])
def test_it_plans_a_valid_csv_as_danish_excel_writes_it(indicators, bom):
    plan = plan_for(csv_bytes("B1;2009-2;51,3;DST", "B1;1. halvår 2009;50,1;DST", "BO1;2009-1;3;TMF", bom=bom))
    assert plan.is_valid
    assert plan.counts == {"new": 1, "corrected": 1, "unchanged": 1}
    assert [(row.line, row.kind.value) for row in plan.rows] == [(2, "new"), (3, "unchanged"), (4, "corrected")]


def test_it_writes_a_valid_file_in_one_go_keeping_the_corrected_value(indicators, bif_user):
    b1, bo1 = indicators
    plan = plan_for(csv_bytes("B1;2009-2;51,3;DST", "BO1;2009-1;3;TMF", "BO1;2009-2;1.234;TMF"))
    plan.apply(by=bif_user, reason="Import")
    assert b1.measurements.get(year=2009, half=2).value == Decimal("51.3")
    corrected = bo1.measurements.get(year=2009, half=1)
    assert (corrected.value, corrected.entered_by) == (Decimal(3), bif_user)
    assert corrected.revisions.get().value == Decimal(2)
    assert bo1.measurements.get(year=2009, half=2).value == 1234  # a thousands separator, as Excel may write it


def test_it_plans_a_valid_xlsx(indicators):
    data = xlsx_bytes(
        [["indikator", "periode", "værdi", "kilde"], ["B1", "2009-2", 51.3, "DST"], ["BO1", "1. halvår 2009", 2, "TMF"]]
    )
    plan = plan_for(data, "maalinger.xlsx")
    assert plan.is_valid
    assert plan.counts == {"new": 1, "corrected": 0, "unchanged": 1}
    assert plan.rows[0].value == Decimal("51.3")


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("X9;2009-1;50;DST", "Ukendt indikator »X9«."),
        (";2009-1;50;DST", "Indikatorkoden mangler."),
        ("B1;2009-3;50;DST", "Ugyldig periode »2009-3«. Skriv fx 2009-1 eller 1. halvår 2009."),
        ("B1;forår 2009;50;DST", "Ugyldig periode »forår 2009«."),
        ("B1;2009-2;halvtreds;DST", "Værdien »halvtreds« er ikke et tal. Skriv tal med decimalkomma, fx 57,5."),
        ("B1;2009-2;50.5;DST", "Værdien »50.5« er ikke et tal."),
        ("B1;2009-2;;DST", "Værdien mangler."),
        ("B1;2009-2;100,5;DST", "Værdien passer ikke til enheden pct.: 100,5 er større end 100"),
        ("BO1;2009-2;-1;TMF", "Værdien passer ikke til enheden antal: \u22121 er mindre end 0"),
        ("BO1;2009-2;2,5;TMF", "Værdien passer ikke til enheden antal: Et antal skal være et helt tal."),
        ("B1;2009-2;50;=HYPERLINK()", "Kilden må ikke begynde med ="),
        ("B1;2009-2;50;DST;ekstra", "Linjen har flere felter end overskriften."),
    ],
)
def test_it_names_each_bad_row_with_its_line_and_reason(indicators, line, reason):
    plan = plan_for(csv_bytes("B1;2008-2;48;DST", line))
    assert not plan.is_valid
    assert [error.line for error in plan.errors] == [3]
    assert reason in plan.errors[0].message


def test_it_finds_a_duplicate_in_the_file(indicators):
    plan = plan_for(csv_bytes("B1;2009-2;51;DST", "BO1;2009-2;2;TMF", "b1;2. halvår 2009;52;DST"))
    assert [(e.line, e.message) for e in plan.errors] == [(4, "B1, 2. halvår 2009 står også i linje 2.")]


@pytest.mark.parametrize(
    ("data", "name", "reason"),
    [
        (b"", "tom.csv", "Filen er tom."),
        ("\ufeff\r\n;;;\r\n".encode(), "tom.csv", "Filen er tom."),
        (csv_bytes(), "kun-overskrift.csv", "Filen indeholder ingen målinger, kun overskriftslinjen."),
        (
            b"indikator,periode,vaerdi\r\nB1,2009-1,50\r\n",
            "komma.csv",
            "Forkerte kolonner: fandt »indikator,periode,vaerdi«",
        ),
        ("indikator;periode;værdi\r\nB1;2009-1;50\r\n".encode(), "mangler.csv", "Forkerte kolonner"),
        ("indikator;periode;værdi;kilde\r\nB1;2009-1;50;Ø\r\n".encode("cp1252"), "ansi.csv", "ikke gemt som UTF-8"),
        (b"PK\x03\x04 not really a zip", "ødelagt.xlsx", "Filen er ikke en gyldig XLSX-fil."),
        (b"indikator;periode", "noter.txt", "Filen skal være en CSV- eller XLSX-fil."),
    ],
)
def test_it_refuses_a_bad_file_as_a_whole(indicators, data, name, reason):
    plan = plan_for(data, name)
    assert not plan.is_valid
    assert reason in plan.file_error


def test_it_refuses_an_xlsx_that_unpacks_to_too_much(indicators, settings, monkeypatch):
    monkeypatch.setattr(measurement_file, "MAX_UNPACKED_SIZE", 1000)
    plan = plan_for(xlsx_bytes([["indikator", "periode", "værdi", "kilde"], ["B1", "2009-2", 1, "x" * 2000]]), "s.xlsx")
    assert plan.file_error == "Filen fylder for meget, når den pakkes ud."


def test_it_refuses_an_xlsx_with_excel_dates_as_periods(indicators):
    from datetime import datetime

    data = xlsx_bytes([["indikator", "periode", "værdi", "kilde"], ["B1", datetime(2009, 1, 1), 50, ""]])
    plan = plan_for(data, "dato.xlsx")
    assert "Ugyldig periode" in plan.errors[0].message


def test_the_command_imports_a_valid_file(indicators, tmp_path, capsys):
    path = tmp_path / "maalinger.csv"
    path.write_bytes(csv_bytes("B1;2009-2;51,3;DST"))
    call_command("import_measurements", str(path))
    assert Measurement.objects.filter(indicator__code="B1", year=2009, half=2, value=Decimal("51.3")).exists()
    assert "1 nye, 0 rettede og 0 uændrede målinger" in capsys.readouterr().out


def test_the_command_imports_an_xlsx_as_a_given_user(indicators, tmp_path, bif_user):
    path = tmp_path / "maalinger.xlsx"
    path.write_bytes(xlsx_bytes([["indikator", "periode", "værdi", "kilde"], ["BO1", "2009-2", 2, "TMF"]]))
    call_command("import_measurements", str(path), "--user", bif_user.username)
    assert Measurement.objects.get(indicator__code="BO1", year=2009, half=2).entered_by == bif_user


def test_the_command_shows_a_dry_run_without_writing(indicators, tmp_path, capsys):
    path = tmp_path / "maalinger.csv"
    path.write_bytes(csv_bytes("B1;2009-2;51,3;DST", "BO1;2009-1;3;TMF"))
    before = snapshot()
    call_command("import_measurements", str(path), "--dry-run")
    out = capsys.readouterr().out
    assert "Linje 3: BO1 1. halvår 2009: Rettet, 2 → 3" in out
    assert "Prøvekørsel af maalinger.csv: 1 nye, 1 rettede og 0 uændrede målinger. Intet er gemt." in out
    assert snapshot() == before


def test_the_command_fails_on_a_bad_file_and_writes_nothing(indicators, tmp_path, capsys):
    path = tmp_path / "maalinger.csv"
    path.write_bytes(csv_bytes("B1;2009-2;51,3;DST", "BO1;2009-1;3;TMF", "X1;2009-1;3;TMF"))
    before = snapshot()
    with pytest.raises(CommandError, match="har 1 fejl"):
        call_command("import_measurements", str(path))
    assert "Linje 4: Ukendt indikator »X1«." in capsys.readouterr().err
    assert snapshot() == before


def test_the_command_fails_on_an_empty_file(tmp_path):
    path = tmp_path / "tom.csv"
    path.write_bytes(b"")
    with pytest.raises(CommandError, match="Filen er tom"):
        call_command("import_measurements", str(path))


def upload(client, data, name="maalinger.csv"):
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, data)})


def test_it_shows_a_dry_run_and_writes_only_when_confirmed(client_for, bif_user, indicators):
    client = client_for(bif_user)
    before = snapshot()
    response = upload(client, csv_bytes("B1;2009-2;51,3;DST", "BO1;2009-1;3;TMF", "B1;2009-1;50,1;DST"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Filen er i orden: 1 nye, 1 rettede og 1 uændrede målinger." in html
    assert snapshot() == before
    response = client.post(reverse("barometer:import-confirm"), {"payload": response.context["payload"]})
    assert response.status_code == 302
    assert Measurement.objects.get(indicator__code="BO1", year=2009, half=1).value == 3
    revision = MeasurementRevision.objects.get()
    assert (revision.value, revision.corrected_by, revision.reason) == (
        2,
        bif_user,
        "Rettet ved import af filen maalinger.csv.",
    )


def test_it_shows_every_bad_row_and_writes_nothing(client_for, bif_user, indicators):
    before = snapshot()
    response = upload(client_for(bif_user), csv_bytes("B1;2009-2;51,3;DST", "X1;2009-1;3;TMF", "B1;2009-9;1;DST"))
    html = response.content.decode()
    assert "Filen har 2 fejl. Intet er gemt." in html
    assert "Ukendt indikator »X1«." in html and "Ugyldig periode »2009-9«" in html
    assert response.context["payload"] is None
    assert snapshot() == before


def test_it_refuses_a_confirmation_when_the_data_changed_since_the_dry_run(client_for, bif_user, indicators):
    client = client_for(bif_user)
    payload = upload(client, csv_bytes("B1;2009-2;51,3;DST")).context["payload"]
    MeasurementFactory(indicator=indicators[0], year=2009, half=2, value=Decimal("51"))
    before = snapshot()
    response = client.post(reverse("barometer:import-confirm"), {"payload": payload}, follow=True)
    assert "Målingerne er ændret, siden prøvekørslen blev lavet" in response.content.decode()
    assert snapshot() == before


def test_it_refuses_a_tampered_confirmation(client_for, bif_user, indicators):
    response = client_for(bif_user).post(reverse("barometer:import-confirm"), {"payload": "forfalsket"}, follow=True)
    assert "Prøvekørslen er for gammel eller ugyldig" in response.content.decode()


def test_it_refuses_an_upload_that_is_too_large(client_for, bif_user, monkeypatch):
    monkeypatch.setattr("barometer.forms.MAX_FILE_SIZE", 10)
    response = upload(client_for(bif_user), csv_bytes("B1;2009-2;51,3;DST"))
    assert "Filen er for stor" in response.content.decode()


@pytest.mark.parametrize("fixture", ["tmf_worker", "tmu_secretary", "roleless_user"])
@pytest.mark.parametrize(
    ("method", "url"),
    [("get", IMPORT), ("post", IMPORT), ("post", reverse("barometer:import-confirm")), ("get", EXPORT)],
)
def test_it_keeps_import_and_export_to_bif_staff(client_for, request, fixture, method, url):
    response = getattr(client_for(request.getfixturevalue(fixture)), method)(url)
    assert response.status_code == 403


def test_it_lets_an_administrator_import(client_for, admin_user):
    assert client_for(admin_user).get(IMPORT).status_code == 200


def test_it_refuses_a_get_to_the_confirmation(client_for, bif_user):
    assert client_for(bif_user).get(reverse("barometer:import-confirm")).status_code == 405


def test_it_exports_csv_as_danish_excel_reads_it(client_for, bif_user, indicators):
    response = client_for(bif_user).get(EXPORT, {"format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="barometer-maalinger-')
    assert response.content.decode("utf-8") == (
        "\ufeffindikator;periode;værdi;kilde\r\nB1;1. halvår 2009;50,1;DST\r\nBO1;1. halvår 2009;2;TMF\r\n"
    )


@pytest.mark.parametrize("file_type", ["csv", "xlsx"])
def test_it_round_trips_export_and_import_without_changes(client_for, bif_user, indicators, file_type):
    MeasurementFactory(indicator=indicators[0], year=2008, half=2, value=Decimal("-0"), source_note="Bemærk; semikolon")
    MeasurementFactory(indicator=indicators[0], year=2008, half=1, value=Decimal("47.125"), source_note='"Citat"')
    client = client_for(bif_user)
    exported = client.get(EXPORT, {"format": file_type}).content
    before = snapshot()
    response = upload(client, exported, f"eksport.{file_type}")
    plan = response.context["plan"]
    assert plan.is_valid
    assert plan.counts == {"new": 0, "corrected": 0, "unchanged": 4}
    assert "Filen ændrer ingenting" in response.content.decode()
    assert snapshot() == before


def test_it_answers_404_for_an_unknown_export_format(client_for, bif_user):
    assert client_for(bif_user).get(EXPORT, {"format": "pdf"}).status_code == 404
