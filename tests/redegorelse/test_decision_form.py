"""The decision form follows the chosen outcome on the server too: the text saved is the text shown,
fields that belong to another outcome are refused, and a decision that freezes the report waits
for a confirmation step that says what will be frozen."""

import pytest
from django.urls import reverse

from redegorelse import workflow
from redegorelse.models import Decision, ReportStatus
from tests import factories
from tests.redegorelse.statusreport_helpers import add_bilag, tiny_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def submitted(tmf_worker, tmu_secretary):
    report = factories.complete_report(factories.report_for("TMF", tmf_worker))
    workflow.submit(report, by=tmf_worker)
    report = factories.backdate_submission(report)
    return report


def post(client, report, **data):
    fields = {"version": report.version, "after_decision": "", "meeting_date": "22.04.2009", "decision_text": ""}
    return client.post(reverse("redegorelse:decision-create", args=[report.pk]), {**fields, **data})


def test_it_shows_the_report_before_the_form(client_for, tmu_secretary, submitted):
    html = client_for(tmu_secretary).get(reverse("redegorelse:decision-create", args=[submitted.pk])).content.decode()
    assert html.index("Problemstillingen.") < html.index('name="outcome"')
    assert 'id="outcome-phrases"' in html
    assert 'data-show-for="returned"' in html


def test_it_refuses_another_outcomes_phrase_instead_of_replacing_it(client_for, tmu_secretary, submitted):
    response = post(
        client_for(tmu_secretary),
        submitted,
        outcome="returned",
        decision_text="Indstillingen blev godkendt.",
        reason_economy="Finansieringen mangler.",
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "er formuleringen for »Godkendt«, men du har valgt »Tilbagesendt«" in html
    assert not Decision.objects.exists()


def test_an_empty_text_takes_the_chosen_outcomes_phrase(client_for, tmu_secretary, submitted):
    response = post(client_for(tmu_secretary), submitted, outcome="returned", reason_economy="Finansieringen mangler.")
    assert response.status_code == 302
    assert Decision.objects.get().decision_text == "Indstillingen blev sendt tilbage til forvaltningen."


@pytest.mark.parametrize(
    ("outcome", "extra", "message"),
    [
        ("approved", {"reason_economy": "Mangler."}, "Begrundelser gemmes kun, når indstillingen sendes tilbage"),
        ("postponed", {"changes_text": "Punkt 2 udgår."}, "Ændringer skrives kun, når indstillingen godkendes"),
        ("approved_with_changes", {}, "Skriv, hvilke ændringer udvalget godkendte"),
        ("returned", {}, "Skriv mindst én begrundelse"),
    ],
)
def test_it_checks_the_fields_against_the_chosen_outcome(client_for, tmu_secretary, submitted, outcome, extra, message):
    response = post(client_for(tmu_secretary), submitted, outcome=outcome, confirmed="1", **extra)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Decision.objects.exists()
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.SUBMITTED


@pytest.mark.parametrize("outcome", ["approved", "noted"])
def test_an_approval_waits_for_a_confirmation_that_says_what_is_frozen(client_for, tmu_secretary, submitted, outcome):
    client = client_for(tmu_secretary)
    response = post(client, submitted, outcome=outcome)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bekræft beslutningen" in html
    assert f"(version {submitted.version})" in html
    assert "kan ikke længere rettes" in html
    assert 'name="confirmed" value="1"' in html
    assert not Decision.objects.exists()

    response = post(client, submitted, outcome=outcome, confirmed="1")
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.APPROVED


def test_the_confirmation_lists_the_bilag_and_the_changes(client_for, tmu_secretary, tmf_worker):
    report = factories.complete_report(factories.report_for("TMF", tmf_worker))
    add_bilag(report, tmf_worker, 1, "Helhedsplan for Tingbjerg", tiny_pdf("Bilag 1"))
    workflow.submit(report, by=tmf_worker)
    report = factories.backdate_submission(report)
    response = post(client_for(tmu_secretary), report, outcome="approved_with_changes", changes_text="Punkt 2 udgår.")
    html = response.content.decode()
    assert "1 bilag med kontrolsum" in html
    assert "Helhedsplan for Tingbjerg" in html
    assert "Punkt 2 udgår." in html


def test_back_from_the_confirmation_shows_the_form_with_what_was_typed(client_for, tmu_secretary, submitted):
    response = post(
        client_for(tmu_secretary), submitted, outcome="approved", agenda_item="Punkt 7", edit="1", confirmed="1"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Registrér beslutningen" in html
    assert 'value="Punkt 7"' in html
    assert 'name="confirmed"' not in html  # saving the form again asks again
    assert not Decision.objects.exists()


def test_a_send_back_needs_no_confirmation(client_for, tmu_secretary, submitted):
    response = post(client_for(tmu_secretary), submitted, outcome="returned", reason_general="Se økonomien igen.")
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.RETURNED


def test_the_confirmation_step_is_denied_to_the_case_worker(client_for, tmf_worker, submitted):
    response = post(client_for(tmf_worker), submitted, outcome="approved")
    assert response.status_code == 403
    assert "Bekræft beslutningen" not in response.content.decode()
