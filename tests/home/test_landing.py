"""Each role lands on its own start page; object pages are 404 for other departments."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def test_it_sends_anonymous_visitors_to_the_login_page(client):
    response = client.get(reverse("home:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_lands_a_case_worker_on_their_department(client_for, tmf_worker):
    response = client_for(tmf_worker).get(reverse("home:home"))
    assert response.url == reverse("home:department-detail", args=["TMF"])


def test_it_lands_a_secretary_on_their_committee(client_for, tmu_secretary):
    response = client_for(tmu_secretary).get(reverse("home:home"))
    assert response.url == reverse("home:committee-detail", args=["TMU"])


def test_it_lands_bif_staff_on_the_overview(client_for, bif_user):
    response = client_for(bif_user).get(reverse("home:home"))
    assert response.url == reverse("home:overview")


def test_it_lands_an_administrator_on_the_overview(client_for, admin_user):
    response = client_for(admin_user).get(reverse("home:home"))
    assert response.url == reverse("home:overview")


def test_it_tells_a_user_without_role_whom_to_contact(client_for, roleless_user):
    response = client_for(roleless_user).get(reverse("home:home"))
    assert response.status_code == 200
    assert "Du har ingen rolle endnu" in response.content.decode()


def test_it_shows_a_case_worker_their_department_with_goals_and_colleagues(client_for, tmf_worker):
    response = client_for(tmf_worker).get(reverse("home:department-detail", args=["TMF"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Teknik- og Miljøforvaltningen</h1>" in html
    assert "Teknik- og Miljøudvalget" in html
    assert "Der må ikke komme nye udsatte boligområder i Københavns Kommune" in html
    assert tmf_worker.get_full_name() in html


def test_it_hides_another_department_from_a_case_worker(client_for, tmf_worker):
    response = client_for(tmf_worker).get(reverse("home:department-detail", args=["BUF"]))
    assert response.status_code == 404


def test_it_answers_404_for_an_unknown_department(client_for, bif_user):
    response = client_for(bif_user).get(reverse("home:department-detail", args=["XYZ"]))
    assert response.status_code == 404


def test_it_hides_a_department_from_a_secretary(client_for, tmu_secretary):
    response = client_for(tmu_secretary).get(reverse("home:department-detail", args=["TMF"]))
    assert response.status_code == 404


def test_it_lets_bif_staff_read_every_department(client_for, bif_user):
    client = client_for(bif_user)
    for abbreviation in ["ØKF", "BUF", "KFF", "SUF", "SOF", "TMF", "BIF"]:
        assert client.get(reverse("home:department-detail", args=[abbreviation])).status_code == 200


def test_it_shows_a_secretary_their_committee(client_for, tmu_secretary):
    response = client_for(tmu_secretary).get(reverse("home:committee-detail", args=["TMU"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Teknik- og Miljøudvalget</h1>" in html
    assert "Der er ingen indstillinger" in html


def test_it_hides_another_committee_from_a_secretary(client_for, tmu_secretary):
    response = client_for(tmu_secretary).get(reverse("home:committee-detail", args=["BUU"]))
    assert response.status_code == 404


def test_it_hides_committees_from_case_workers(client_for, tmf_worker):
    response = client_for(tmf_worker).get(reverse("home:committee-detail", args=["TMU"]))
    assert response.status_code == 404


def test_it_lets_bif_staff_read_a_committee(client_for, bif_user):
    response = client_for(bif_user).get(reverse("home:committee-detail", args=["SOU"]))
    assert response.status_code == 200


def test_it_shows_bif_staff_all_departments(client_for, bif_user, tmf_worker, tmu_secretary):
    response = client_for(bif_user).get(reverse("home:overview"))
    html = response.content.decode()
    assert response.status_code == 200
    for name in [
        "Økonomiforvaltningen",
        "Børne- og Ungdomsforvaltningen",
        "Beskæftigelses- og Integrationsforvaltningen",
    ]:
        assert name in html
    tmf = next(d for d in response.context["departments"] if d.abbreviation == "TMF")
    assert (tmf.case_worker_count, tmf.secretary_count) == (1, 1)


@pytest.mark.parametrize("fixture", ["tmf_worker", "tmu_secretary", "roleless_user"])
def test_it_refuses_the_overview_to_other_roles(client_for, request, fixture):
    response = client_for(request.getfixturevalue(fixture)).get(reverse("home:overview"))
    assert response.status_code == 403
    assert "Du har ikke adgang til siden" in response.content.decode()


def test_it_keeps_the_overview_query_count_constant_as_members_grow(
    client_for, bif_user, django_assert_max_num_queries
):
    client = client_for(bif_user)
    client.get(reverse("home:overview"))  # warm the session
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("home:overview"))
    for abbreviation in ["ØKF", "BUF", "KFF", "SUF", "SOF", "TMF", "BIF"]:
        for n in range(5):
            factories.case_worker(abbreviation, username=f"{abbreviation}-{n}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("home:overview"))


def test_it_shows_the_users_name_and_role_in_the_header(client_for, tmf_worker):
    html = client_for(tmf_worker).get(reverse("home:department-detail", args=["TMF"])).content.decode()
    assert "Sagsbehandler, TMF" in html
    assert 'action="/logout/"' in html


def test_a_case_worker_with_reports_is_told_how_the_next_year_starts(client_for, tmf_worker):
    factories.report_for("TMF", tmf_worker)
    html = client_for(tmf_worker).get(reverse("home:department-detail", args=["TMF"])).content.decode()
    assert "den nyeste er for 2009. Når BIF åbner næste års runde" in html
