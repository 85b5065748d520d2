"""A case worker writes the whole report in the browser: text with autosave, goal assessments,
an initiative added without reloading, a bilag, and submission; every page passes axe."""

import io

import pikepdf
import pytest
from django.core.management import call_command

from redegorelse.models import Attachment, Report, ReportStatus
from tests import factories
from tests.e2e.conftest import check_accessibility, log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def one_page_pdf():
    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_it_takes_a_report_from_empty_to_submitted(page, media):
    factories.ReportingRoundFactory(year=2009)
    worker = factories.case_worker("TMF")
    log_in(page, worker.username)
    page.get_by_role("button", name="Opret redegørelse for 2009").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Indstilling og tekst"
    check_accessibility(page)

    page.get_by_label("Sagsnummer").fill("2009-0123456")
    page.get_by_label("Problemstilling").fill("Integrationsindsatsen skal måles jævnligt.")
    page.get_by_label("Problemstilling").blur()
    page.get_by_text("Kladde autogemt").wait_for()  # autosaved on leaving the field
    page.get_by_label("Løsning").fill("Forvaltningens primære rolle er boligområderne.")
    page.get_by_label("Økonomi").fill("Inden for eget budget.")
    page.get_by_label("Videre proces").fill("Halvårlige målinger.")
    page.get_by_label("Første underskriver", exact=True).fill("Hjalte Aaberg")
    page.get_by_label("Anden underskriver", exact=True).fill("Ulrik Winge")
    page.get_by_role("button", name="Gem").click()
    page.get_by_text("Dine ændringer er gemt.").wait_for()

    page.get_by_role("link", name="Målvurderinger").first.click()
    check_accessibility(page)
    for number in range(1, 7):
        fieldset = page.locator(f"#maal-{number}")
        if number == 3:
            fieldset.get_by_label("Primært ansvarlig").check()
            fieldset.get_by_label("Ja", exact=True).check()
            fieldset.get_by_label("Begrundelse").fill("Antallet af udsatte boligområder er faldet fra 5 til 2.")
        else:
            fieldset.get_by_label("Ikke relevant").first.check()
            fieldset.locator("input[value=ikke_relevant]").check()
    page.get_by_role("button", name="Gem").click()
    page.get_by_text("Dine ændringer er gemt.").wait_for()

    page.get_by_role("link", name="Indsatser og statusskemaer").first.click()
    page.get_by_role("button", name="Tilføj indsats").click()
    new = page.locator("#ny-indsats")
    new.get_by_label("Navn").fill("Aftaler om fleksibel udlejning")
    assert page.url.endswith("/indsatser/")  # added without a page load
    new.get_by_label("3. Bolig").check()
    new.get_by_label("Status", exact=True).select_option("on_plan")
    check_accessibility(page)
    page.get_by_role("button", name="Gem").click()
    page.get_by_text("Dine ændringer er gemt.").wait_for()

    page.get_by_role("link", name="Bilag").first.click()
    page.get_by_label("Titel").fill("Aftaler om fleksibel udlejning")
    page.get_by_label("Fil").set_input_files(
        {"name": "fleksibel-udlejning.pdf", "mimeType": "application/pdf", "buffer": one_page_pdf()}
    )
    page.get_by_role("button", name="Upload bilag").click()
    page.get_by_text("Aftaler om fleksibel udlejning er tilføjet som bilag.").wait_for()
    check_accessibility(page)

    page.get_by_role("link", name="Oversigt og forhåndsvisning").first.click()
    page.get_by_role("link", name="Gennemgå og indsend").click()
    check_accessibility(page)
    page.get_by_role("button", name="Indsend til TMU").click()
    page.get_by_text("Redegørelsen er indsendt til Teknik- og Miljøudvalget.").wait_for()
    check_accessibility(page)

    report = Report.objects.get(department__abbreviation="TMF")
    assert report.status == ReportStatus.SUBMITTED
    assert report.initiatives.get().name == "Aftaler om fleksibel udlejning"
    assert Attachment.objects.get(report=report).page_count == 1


def test_it_shows_the_demo_report_and_its_history_accessibly(page, settings, media):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    settings.DEBUG = False
    log_in(page, "tmf-sagsbehandler", password="demo")
    page.get_by_role("link", name="Teknik- og Miljøforvaltningens 1. redegørelse om integrationsmålene 2009").click()
    assert page.get_by_text("Se bilag 3 for en nærmere beskrivelse af Landsbyggefondens indsats.").is_visible()
    check_accessibility(page)
    page.get_by_role("link", name="Historik").first.click()
    check_accessibility(page)
