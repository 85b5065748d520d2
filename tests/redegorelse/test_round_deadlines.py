"""Opening a round whose deadlines already lie in the past warns BIF, naming each such deadline."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from organisation.models import Department
from tests import factories

pytestmark = pytest.mark.django_db


def test_it_warns_about_deadlines_before_today(client_for, bif_user):
    tmf = Department.objects.get(abbreviation="TMF")
    data = {"year": 2009, "submission_deadline": "31.03.2009", f"deadline_{tmf.pk}": "15.04.2009"}
    response = client_for(bif_user).post(reverse("redegorelse:round-create"), data, follow=True)
    html = response.content.decode()
    assert "Indberetningsrunden for 2009 er åbnet." in html
    assert "Bemærk: disse frister ligger allerede før i dag" in html
    assert "Fælles frist for indsendelse (31.03.2009)" in html
    assert "Teknik- og Miljøforvaltningen (15.04.2009)" in html


def test_it_does_not_warn_about_future_deadlines(client_for, bif_user):
    next_year = timezone.localdate().year + 1
    factories.policy_covering(next_year, next_year + 3)
    deadline = datetime.date(next_year, 3, 31).strftime("%d.%m.%Y")
    data = {"year": next_year, "submission_deadline": deadline}
    html = client_for(bif_user).post(reverse("redegorelse:round-create"), data, follow=True).content.decode()
    assert "er åbnet." in html
    assert "Bemærk: disse frister" not in html
