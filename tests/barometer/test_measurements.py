"""BIF staff enter and correct measurements; a correction keeps the earlier value, who and why."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from barometer.models import ChangeKind, Measurement, MeasurementRevision
from barometer.periods import Period
from tests.barometer.factories import IndicatorFactory, MeasurementFactory

pytestmark = pytest.mark.django_db

CREATE = reverse("barometer:measurement-create")


@pytest.fixture
def b1():
    return IndicatorFactory(code="B1")


def test_it_enters_a_measurement_with_a_decimal_comma(client_for, bif_user, b1):
    response = client_for(bif_user).post(
        CREATE, {"indicator": "B1", "year": 2009, "half": 2, "value": "51,3", "source_note": "DST", "reason": ""}
    )
    assert response.status_code == 302
    assert response.url == reverse("barometer:indicator-detail", args=["B1"])
    measurement = Measurement.objects.get(indicator=b1)
    assert (measurement.period, measurement.value, measurement.entered_by) == (
        Period(2009, 2),
        Decimal("51.3"),
        bif_user,
    )


def test_it_asks_why_before_correcting(client_for, bif_user, b1):
    MeasurementFactory(indicator=b1, year=2009, half=2, value=Decimal("51"))
    response = client_for(bif_user).post(CREATE, {"indicator": "B1", "year": 2009, "half": 2, "value": "52"})
    assert response.status_code == 200
    assert "2. halvår 2009 har allerede en måling (51,0 pct.). Skriv, hvorfor den rettes." in response.content.decode()
    assert not MeasurementRevision.objects.exists()


def test_it_corrects_and_keeps_the_earlier_value(client_for, bif_user, b1):
    original = MeasurementFactory(indicator=b1, year=2009, half=2, value=Decimal("51"), source_note="Foreløbig")
    client_for(bif_user).post(
        CREATE,
        {
            "indicator": "B1",
            "year": 2009,
            "half": 2,
            "value": "52,4",
            "source_note": "Endelig",
            "reason": "Endelige tal",
        },
    )
    original.refresh_from_db()
    assert (original.value, original.source_note, original.entered_by) == (Decimal("52.4"), "Endelig", bif_user)
    revision = original.revisions.get()
    assert (revision.value, revision.source_note, revision.corrected_by, revision.reason) == (
        Decimal(51),
        "Foreløbig",
        bif_user,
        "Endelige tal",
    )


def test_it_refuses_a_value_outside_the_unit(client_for, bif_user, b1):
    response = client_for(bif_user).post(CREATE, {"indicator": "B1", "year": 2009, "half": 2, "value": "120"})
    assert "120 er større end 100" in response.content.decode()
    assert not Measurement.objects.exists()


def test_it_starts_a_correction_from_the_current_value(client_for, bif_user, b1):
    MeasurementFactory(indicator=b1, year=2009, half=1, value=Decimal("50.100"))
    response = client_for(bif_user).get(CREATE, {"indicator": "B1", "year": 2009, "half": 1})
    assert 'value="50,1"' in response.content.decode()


@pytest.mark.parametrize("fixture", ["tmf_worker", "tmu_secretary", "roleless_user"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_it_keeps_data_entry_to_bif_staff(client_for, request, fixture, method, b1):
    response = getattr(client_for(request.getfixturevalue(fixture)), method)(CREATE)
    assert response.status_code == 403
    assert not Measurement.objects.exists()


def test_it_lets_an_administrator_enter_measurements(client_for, admin_user, b1):
    assert client_for(admin_user).get(CREATE).status_code == 200


def test_it_records_new_unchanged_and_corrected(bif_user, b1):
    period = Period(2009, 1)
    assert b1.record_measurement(period, Decimal(45), by=bif_user)[1] == ChangeKind.NEW
    assert b1.record_measurement(period, Decimal(45), by=bif_user)[1] == ChangeKind.UNCHANGED
    assert b1.record_measurement(period, Decimal(46), by=bif_user, reason="Rettet")[1] == ChangeKind.CORRECTED
    assert MeasurementRevision.objects.count() == 1


def test_it_refuses_a_correction_without_reason(bif_user, b1):
    measurement = MeasurementFactory(indicator=b1)
    with pytest.raises(ValidationError):
        measurement.correct(Decimal(46), by=bif_user, reason=" ")
    assert not MeasurementRevision.objects.exists()


def test_the_database_holds_one_value_per_indicator_and_period(b1):
    MeasurementFactory(indicator=b1, year=2009, half=1)
    with pytest.raises(IntegrityError):
        MeasurementFactory(indicator=b1, year=2009, half=1)
