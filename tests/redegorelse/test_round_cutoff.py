"""The barometer as of the round: a round uses measurements up to its data cut-off only, so data
for a later half-year changes nothing in its report form, its checks or its statusrapport; a
correction of a value the round uses is shown as a correction. The endelig statusrapport is
archived: stored, hashed, verifiable, never made again from later data, and a second endelig
edition only with a reason."""

import datetime
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse

from barometer.models import Goal, Indicator
from barometer.periods import Period
from organisation.models import Department
from redegorelse import workflow
from redegorelse.models import Edition, ExportStatus, ReportingRound, StatusReportExport
from redegorelse.models.round import default_cutoff
from redegorelse.statusreport_pdf import build_workbook, gather, render_html
from tests import factories
from tests.barometer.factories import IndicatorFactory, with_series
from tests.redegorelse.statusreport_helpers import approve

pytestmark = pytest.mark.django_db
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = IMMEDIATE


@pytest.fixture
def report(tmf_worker):
    """A TMF draft of 2009 (deadline 31.03.2009: data up to 2. halvår 2008)."""
    return factories.complete_report(factories.report_for("TMF", tmf_worker))


def housing_indicator():
    """TMF's goal-3 indicator, 2007-1 … 2008-2: 40 → 46, on track towards 50 (grøn)."""
    indicator = IndicatorFactory(
        code="BO9",
        name="Andel i beskæftigelse i udsatte boligområder",
        goal=Goal.objects.get(policy__start_year=2007, number=3),
        departments=[Department.objects.get(abbreviation="TMF")],
    )
    return with_series(indicator, [40, 42, 44, 46])


def test_the_default_cut_off_is_the_last_half_year_ended_before_the_deadline():
    assert default_cutoff(datetime.date(2009, 3, 31)) == Period(2008, 2)
    assert default_cutoff(datetime.date(2009, 9, 30)) == Period(2009, 1)
    assert ReportingRound.objects.create(year=2009, submission_deadline=datetime.date(2009, 3, 31)).data_cutoff == (
        Period(2008, 2)
    )


def test_bif_sets_the_cut_off_when_opening_a_round(client_for, bif_user):
    client = client_for(bif_user)
    url = reverse("redegorelse:round-create")
    bad = client.post(url, {"year": 2010, "submission_deadline": "31.03.2010", "data_cutoff": "forår 2009"})
    assert bad.status_code == 400
    assert "Skriv halvåret som »1. halvår 2008« eller »2. halvår 2008«." in bad.content.decode()
    late = client.post(url, {"year": 2010, "submission_deadline": "31.03.2010", "data_cutoff": "1. halvår 2011"})
    assert late.status_code == 400
    assert not ReportingRound.objects.filter(year=2010).exists()
    client.post(url, {"year": 2010, "submission_deadline": "31.03.2010", "data_cutoff": "1. halvår 2009"})
    assert ReportingRound.objects.get(year=2010).data_cutoff == Period(2009, 1)
    html = client.get(reverse("redegorelse:round-detail", args=[2010])).content.decode()
    assert "Barometerdata til og med 1. halvår 2009." in html


def test_a_measurement_after_the_cut_off_changes_nothing_in_the_rounds_pages(client_for, tmf_worker, report):
    indicator = housing_indicator()
    client = client_for(tmf_worker)
    assessments_url = reverse("redegorelse:report-assessments", args=[report.pk])
    submit_url = reverse("redegorelse:report-submit", args=[report.pk])
    before = (client.get(assessments_url).content.decode(), client.get(submit_url).content.decode())
    assert "BO9" in before[0] and "kræver en ny eller styrket indsats" not in before[1]
    # 1. halvår 2009 falls sharply: the live barometer turns rød, the 2009 round does not move.
    indicator.record_measurement(Period(2009, 1), Decimal("30"), by=tmf_worker, source_note="Senere tal")
    after = (client.get(assessments_url).content.decode(), client.get(submit_url).content.decode())
    strip = lambda html: re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)  # noqa: E731
    assert [strip(h) for h in after] == [strip(h) for h in before]
    assert "Senere tal" not in after[0]
    assert 'name="assessment-2-no_new_initiative_reason"' not in after[0]


def sheets(raw):
    workbook = openpyxl.load_workbook(io.BytesIO(raw))
    return {sheet.title: list(sheet.values) for sheet in workbook}


def test_a_measurement_after_the_cut_off_changes_nothing_in_the_statusreport(tmf_worker, tmu_secretary, report):
    indicator = housing_indicator()
    approve(report, tmf_worker, tmu_secretary)
    round = report.round
    data_before = gather(round, Edition.DRAFT)
    html_before = render_html(data_before, {})
    workbook_before = build_workbook(data_before)
    indicator.record_measurement(Period(2009, 1), Decimal("30"), by=tmf_worker)
    indicator.record_measurement(Period(2009, 2), Decimal("31"), by=tmf_worker)
    data_after = gather(round, Edition.DRAFT)
    assert data_after.input_hash == data_before.input_hash
    assert render_html(data_after, {}) == html_before
    assert [m.period for m in data_after.goals[2].indicators[0].series][-1] == Period(2008, 2)
    assert sheets(build_workbook(data_after)) == sheets(workbook_before)


def test_a_correction_of_a_value_the_round_uses_is_shown_as_a_correction(tmf_worker, report, bif_user):
    indicator = housing_indicator()
    before = gather(report.round, Edition.DRAFT)
    indicator.record_measurement(
        Period(2008, 2), Decimal("45"), by=bif_user, source_note="Testkilde", reason="Fejl i udtrækket."
    )
    after = gather(report.round, Edition.DRAFT)
    assert after.input_hash != before.input_hash
    html = render_html(after, {}).replace("\u00ad", "")  # soft hyphens are not text
    assert "Rettede målinger" in html
    assert "BO9, 2. halvår 2008: 46,0 pct. rettet til 45,0 pct. den" in html
    assert "(begrundelse: Fejl i udtrækket.)" in html


# -- the archived endelig edition -------------------------------------------------------------------


@pytest.fixture
def complete_round(tmf_worker, tmu_secretary, report):
    """Every department approved, so the endelig edition is allowed."""
    housing_indicator()
    approve(report, tmf_worker, tmu_secretary)
    for abbreviation, committee in [("BUF", "BUU"), ("ØKF", "ØU"), ("KFF", "KFU"), ("SUF", "SUU"), ("SOF", "SOU")]:
        worker = factories.case_worker(abbreviation)
        approve(factories.report_for(abbreviation, worker), worker, factories.secretary(committee))
    bif_worker = factories.case_worker("BIF", username="bif-sagsbehandler")
    approve(factories.report_for("BIF", bif_worker), bif_worker, factories.secretary("BIU"))
    return report.round


def export_final(client, capture, reason=""):
    with capture(execute=True):
        return client.post(
            reverse("redegorelse:statusreport-export", args=[2009]), {"edition": "final", "reason": reason}, follow=True
        )


def test_the_endelig_edition_is_archived_and_a_second_needs_a_reason(
    client_for, bif_user, tmf_worker, complete_round, django_capture_on_commit_callbacks
):
    client = client_for(bif_user)
    export_final(client, django_capture_on_commit_callbacks)
    first = StatusReportExport.objects.get(edition=Edition.FINAL)
    assert (first.status, first.number) == (ExportStatus.DONE, 1)
    with first.file.open("rb") as handle:
        archived = handle.read()
    verify_url = reverse("redegorelse:statusreport-verify", args=[2009, first.pk])
    assert "Alt stemmer" in client.get(verify_url).content.decode()

    # Later data (a new half-year, a correction) and a second request without a reason: refused,
    # nothing made, the archived file untouched.
    indicator = complete_round.policy.goals.get(number=3).indicators.get()
    indicator.record_measurement(Period(2009, 1), Decimal("30"), by=bif_user)
    indicator.record_measurement(Period(2008, 2), Decimal("45"), by=bif_user, source_note="x", reason="Rettet.")
    refused = export_final(client, django_capture_on_commit_callbacks)
    assert "Der findes allerede en endelig udgave (nr. 1" in refused.content.decode()
    assert StatusReportExport.objects.filter(edition=Edition.FINAL).count() == 1
    first.refresh_from_db()
    with first.file.open("rb") as handle:
        assert handle.read() == archived
    assert "Alt stemmer" in client.get(verify_url).content.decode()

    # With a reason: a second edition, and both are kept and listed.
    export_final(client, django_capture_on_commit_callbacks, reason="Rettet beskæftigelsestal for 2. halvår 2008.")
    second = StatusReportExport.objects.get(edition=Edition.FINAL, number=2)
    assert second.reason == "Rettet beskæftigelsestal for 2. halvår 2008."
    page = client.get(reverse("redegorelse:statusreport", args=[2009])).content.decode()
    assert "Hent endelig udgave nr. 1 (PDF)" in page and "Hent endelig udgave nr. 2 (PDF)" in page
    assert first.sha256 in page and second.sha256 in page
    assert "Rettet beskæftigelsestal for 2. halvår 2008." in page
    download = client.get(reverse("redegorelse:statusreport-download", args=[2009, first.pk]))
    assert b"".join(download.streaming_content) == archived
    assert 'filename="samlet-statusrapport-2009-endelig-1.pdf"' in download["Content-Disposition"]


def test_the_verify_page_tells_when_the_archived_file_was_changed(client_for, bif_user, report):
    export = StatusReportExport.objects.create(
        round=report.round, edition=Edition.FINAL, status=ExportStatus.DONE, number=1, sha256="0" * 64
    )
    export.file.save("statusrapport.pdf", ContentFile(b"%PDF-1.4 changed"))
    html = client_for(bif_user).get(reverse("redegorelse:statusreport-verify", args=[2009, export.pk])).content.decode()
    assert "Filen i arkivet mangler eller er ændret" in html


def test_the_verify_page_is_bif_only(client_for, tmf_worker, report):
    export = StatusReportExport.objects.create(
        round=report.round, edition=Edition.FINAL, status=ExportStatus.DONE, number=1, sha256="0" * 64
    )
    assert (
        client_for(tmf_worker).get(reverse("redegorelse:statusreport-verify", args=[2009, export.pk])).status_code
        == 403
    )


def test_the_cut_off_is_fixed_once_a_report_of_the_round_is_submitted(client_for, bif_user, tmf_worker, report):
    client = client_for(bif_user)
    url = reverse("redegorelse:round-edit", args=[2009])
    data = {"year": 2009, "submission_deadline": "31.03.2009", "data_cutoff": "1. halvår 2008"}
    assert client.post(url, data).status_code == 302  # a draft only: BIF may still move it
    workflow.submit(report, by=tmf_worker)
    refused = client.post(url, {**data, "data_cutoff": "2. halvår 2008"})
    assert refused.status_code == 400
    assert "Barometerdataene kan ikke flyttes, når en redegørelse i runden er indsendt" in refused.content.decode()
    assert ReportingRound.objects.get(year=2009).data_cutoff == Period(2008, 1)


def test_the_command_line_hands_out_the_archived_endelig_edition(report, tmp_path):
    raw = b"%PDF-1.4 arkiveret"
    export = StatusReportExport.objects.create(
        round=report.round, edition=Edition.FINAL, status=ExportStatus.DONE, number=1, sha256="0" * 64
    )
    export.file.save("statusrapport.pdf", ContentFile(raw))
    out = tmp_path / "endelig.pdf"
    call_command("export_statusreport", "2009", "--out", str(out), "--edition", "endelig")
    assert out.read_bytes() == raw
    assert StatusReportExport.objects.count() == 1


def test_the_report_form_shows_a_correction_of_a_value_the_round_uses(client_for, tmf_worker, bif_user, report):
    indicator = housing_indicator()
    indicator.record_measurement(Period(2008, 2), Decimal("45"), by=bif_user, source_note="Testkilde", reason="Fejl.")
    indicator.record_measurement(Period(2009, 1), Decimal("47"), by=bif_user, source_note="Testkilde")
    indicator.record_measurement(Period(2009, 1), Decimal("48"), by=bif_user, source_note="Testkilde", reason="Ny.")
    html = client_for(tmf_worker).get(reverse("redegorelse:report-assessments", args=[report.pk])).content.decode()
    assert "2. halvår 2008: 46,0 pct. rettet til 45,0 pct. den" in html
    assert "1. halvår 2009" not in html  # after the cut-off, corrected or not


def test_a_round_keeps_an_indicator_made_inactive_later_that_it_has_data_for(report):
    indicator = housing_indicator()
    IndicatorFactory(code="BO8", goal=indicator.goal)  # active, no data yet: listed, empty
    retired = IndicatorFactory(code="BO7", goal=indicator.goal, is_active=False)  # inactive, no data: not listed
    with_series(retired, [None, None, None, None, 50], first="2007-1")  # only after the cut-off
    Indicator.objects.filter(pk=indicator.pk).update(is_active=False)
    codes = list(Indicator.objects.for_round(report.round).values_list("code", flat=True))
    assert codes == ["BO8", "BO9"]
