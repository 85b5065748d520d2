import pytest

from tests import factories


@pytest.fixture
def tmf_report(tmf_worker):
    """A draft report of TMF in 2009 (a module may define its own instead)."""
    factories.ReportingRoundFactory(year=2009)
    return factories.report_for("TMF", tmf_worker)
