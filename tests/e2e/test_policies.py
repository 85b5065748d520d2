"""BIF manages a policy, its goals and an indicator in the browser, opens a round with a data
cut-off, and every page on the way (errors included) passes axe."""

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from playwright.sync_api import expect

from barometer.models import Goal, Indicator, Policy
from redegorelse.models import Edition, ExportStatus, ReportingRound, StatusReportExport
from tests import factories
from tests.e2e.conftest import check_accessibility, log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_bif_sets_up_a_new_policy_and_opens_a_round_for_it(page):
    user = factories.bif_staff()
    log_in(page, user.username)
    page.goto("/barometer/")
    page.get_by_role("link", name="Politikker, mål og indikatorer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Integrationspolitikker")
    check_accessibility(page)

    page.get_by_role("link", name="Opret en politik").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Opret en politik")
    page.get_by_label("Navn").fill("Integrationspolitik")
    page.get_by_label("Første år").fill("2010")
    page.get_by_label("Sidste år").fill("2014")
    page.get_by_role("button", name="Gem politikken").click()
    expect(page.get_by_text("Perioden overlapper").first).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Første år").fill("2011")
    page.get_by_role("button", name="Gem politikken").click()
    page.wait_for_url("**/barometer/politikker/*/")
    policy = Policy.objects.get(start_year=2011)
    expect(page.get_by_role("heading", level=1)).to_have_text(str(policy))
    check_accessibility(page)

    page.get_by_role("link", name="Tilføj et mål").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tilføj et mål")
    page.get_by_label("Titel (hovedindsatsområde)").fill("Beskæftigelse")
    page.get_by_label("Målets tekst").fill("Flere indvandrere og efterkommere i job.")
    page.get_by_label("Målsætning", exact=True).fill("Beskæftigelsen øges med 5 procentpoint.")
    page.get_by_label("Udvalg").select_option(label="Teknik- og Miljøudvalget (TMU)")
    check_accessibility(page)
    page.get_by_role("button", name="Gem målet").click()
    page.wait_for_url(f"**/barometer/politikker/{policy.pk}/")
    goal = Goal.objects.get(policy=policy)
    assert goal.committee.abbreviation == "TMU"
    expect(page.get_by_text("Udvalgets eget mål: Teknik- og Miljøudvalget.")).to_be_visible()

    page.get_by_role("link", name="Opret en indikator for mål 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Opret en indikator")
    check_accessibility(page)
    page.get_by_label("Kode").fill("J1")
    page.get_by_label("Navn").fill("Beskæftigelsesfrekvens")
    page.get_by_role("button", name="Gem indikatoren").click()
    expect(page.get_by_role("heading", name="Der er problemer med det, du har indtastet")).to_be_visible()
    check_accessibility(page)
    assert not Indicator.objects.filter(code="J1").exists()

    page.goto("/redegoerelser/runder/ny/")
    page.get_by_label("År").fill("2012")
    page.get_by_label("Fælles frist for indsendelse").fill("31.03.2012")
    page.get_by_label("Barometerdata til og med").fill("2. halvår 2011")
    check_accessibility(page)
    page.get_by_role("button", name="Åbn runden").click()
    page.wait_for_url("**/runder/2012/")
    round = ReportingRound.objects.get(year=2012)
    assert (round.policy, round.data_cutoff.code) == (policy, "2011-2")
    expect(page.get_by_text("Barometerdata til og med 2. halvår 2011.")).to_be_visible()
    check_accessibility(page)


def test_the_archived_endelig_editions_and_their_check_are_accessible(page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    round = factories.ReportingRoundFactory(year=2009)
    raw = b"%PDF-1.4 arkiveret"
    export = StatusReportExport.objects.create(
        round=round,
        edition=Edition.FINAL,
        status=ExportStatus.DONE,
        number=1,
        sha256=hashlib.sha256(raw).hexdigest(),
        finished_at=timezone.now(),
        page_count=1,
        size=len(raw),
    )
    export.file.save("statusrapport.pdf", ContentFile(raw))
    user = factories.bif_staff()
    log_in(page, user.username)
    page.goto("/redegoerelser/runder/2009/statusrapport/")
    expect(page.get_by_role("heading", name="Arkiverede endelige udgaver")).to_be_visible()
    check_accessibility(page)
    page.get_by_role("link", name="Kontrollér udgave nr. 1").click()
    expect(page.get_by_text("Alt stemmer: filen i arkivet er den samme")).to_be_visible()
    check_accessibility(page)
    page.goto("/barometer/politikker/")
    page.get_by_role("link", name="Københavns Kommunes integrationspolitik").click()
    page.get_by_role("link", name="Ret mål 1").click()
    expect(page.get_by_role("button", name="Gem målet")).to_be_visible()
    check_accessibility(page)
