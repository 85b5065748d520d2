"""BIF staff import measurements through the upload page; every barometer page passes axe."""

import pytest

from organisation.models import Department
from tests import factories
from tests.barometer.factories import IndicatorFactory, with_series
from tests.e2e.conftest import check_accessibility, log_in

# Transactional: the live server reads what the test writes. serialized_rollback restores the
# reference data (departments, goals) that the flush after each test removes.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def employment():
    bif = Department.objects.get(abbreviation="BIF")
    indicator = IndicatorFactory(code="B1", name="Beskæftigelsesfrekvens for indvandrere 25–64 år", departments=[bif])
    return with_series(indicator, [40, 41, 42, 43])


def test_it_imports_a_file_after_showing_the_dry_run(page, tmp_path, employment):
    user = factories.bif_staff()
    upload = tmp_path / "maalinger.csv"
    upload.write_bytes("\ufeffindikator;periode;værdi;kilde\r\nB1;2008-2;43,5;DST\r\nB1;2009-1;45,2;DST\r\n".encode())
    log_in(page, user.username)
    page.get_by_role("link", name="Integrationsbarometer").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Integrationsbarometer"
    check_accessibility(page)

    page.get_by_role("link", name="Importér målinger fra en fil").click()
    check_accessibility(page)
    page.get_by_label("Fil med målinger").set_input_files(str(upload))
    page.get_by_role("button", name="Lav en prøvekørsel").click()
    assert page.get_by_text("Filen er i orden: 1 nye, 1 rettede og 0 uændrede målinger.").is_visible()
    assert employment.measurements.count() == 4
    check_accessibility(page)

    page.get_by_role("button", name="Gem 2 målinger").click()
    assert page.get_by_text("Filen maalinger.csv er importeret: 1 nye, 1 rettede og 0 uændrede målinger.").is_visible()
    assert employment.measurements.count() == 5
    assert employment.measurements.get(year=2008, half=2).revisions.count() == 1


def test_it_shows_every_bad_row_accessibly(page, tmp_path, employment):
    user = factories.bif_staff()
    upload = tmp_path / "fejl.csv"
    upload.write_bytes("indikator;periode;værdi;kilde\r\nB9;2009-1;45;DST\r\nB1;2009-3;45;DST\r\n".encode())
    log_in(page, user.username)
    page.goto("/barometer/maalinger/import/")
    page.get_by_label("Fil med målinger").set_input_files(str(upload))
    page.get_by_role("button", name="Lav en prøvekørsel").click()
    assert page.get_by_text("Filen har 2 fejl. Intet er gemt.").is_visible()
    assert page.get_by_role("cell", name="Ukendt indikator »B9«.").is_visible()
    check_accessibility(page)


def test_it_shows_accessible_indicator_department_and_help_pages(page, employment):
    user = factories.bif_staff()
    log_in(page, user.username)
    page.goto("/barometer/")
    page.get_by_role("link", name="B1", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("B1 ")
    assert page.get_by_role(
        "img", name="Udviklingen i B1: Beskæftigelsesfrekvens for indvandrere 25–64 år"
    ).is_visible()
    check_accessibility(page)

    page.get_by_role("link", name="Beskæftigelses- og Integrationsforvaltningen").first.click()
    assert "Beskæftigelses- og Integrationsforvaltningen" in page.get_by_role("heading", level=1).inner_text()
    check_accessibility(page)

    page.get_by_role("link", name="Sådan fastsættes status grøn, gul, rød og hvid").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Sådan fastsættes status"
    check_accessibility(page)

    page.goto("/barometer/maalinger/ny/?indicator=B1&year=2009&half=1")
    check_accessibility(page)
