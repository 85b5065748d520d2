"""Administrators manage reference data in the admin site, in Danish."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    ("organisation", "department", "Forvaltninger", "Teknik- og Miljøforvaltningen"),
    ("organisation", "committee", "Udvalg", "Teknik- og Miljøudvalget"),
    ("organisation", "membership", "Medlemskaber", "Sagsbehandler"),
    ("barometer", "goal", "Mål", "Bolig"),
    ("barometer", "policy", "Integrationspolitikker", "Københavns Kommunes integrationspolitik"),
]


@pytest.mark.parametrize(("app", "model", "title", "row"), CHANGELISTS)
def test_it_lists_reference_data_with_danish_names(client_for, admin_user, tmf_worker, app, model, title, row):
    response = client_for(admin_user).get(reverse(f"admin:{app}_{model}_changelist"))
    html = response.content.decode()
    assert response.status_code == 200
    assert title in html
    assert row in html


def test_it_keeps_case_workers_out_of_the_admin(client_for, tmf_worker):
    response = client_for(tmf_worker).get(reverse("admin:organisation_department_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response.url


def test_it_names_the_third_party_apps_in_danish(client_for, admin_user):
    html = client_for(admin_user).get(reverse("admin:index")).content.decode()
    assert "Spærring efter forkerte log ind" in html
    assert "Mislykkede log ind" in html
    assert "Baggrundsjob" in html
    for english in ["Access attempts", "Task Results", "Tasks Database Backend"]:
        assert english not in html
    assert 'rel="icon"' in html
