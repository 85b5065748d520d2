"""Issue 14: the numbered items that are not about text input, each through the URL: the input,
what the user sees, and what is stored."""

import pytest
from django.urls import reverse

from redegorelse import workflow
from redegorelse.models import GoalAssessment, Initiative, Report
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def tmf_report(tmf_worker):
    return factories.report_for("TMF", tmf_worker)


# -- item 5: a formset id of another report -----------------------------------------------------------


def assessment_post(report, ids):
    data = {
        "version": report.version,
        "assessment-TOTAL_FORMS": len(ids),
        "assessment-INITIAL_FORMS": len(ids),
        "assessment-MIN_NUM_FORMS": 0,
        "assessment-MAX_NUM_FORMS": 1000,
    }
    for i, pk in enumerate(ids):
        data.update(
            {
                f"assessment-{i}-id": pk,
                f"assessment-{i}-role": "primary",
                f"assessment-{i}-realistic": "ja",
                f"assessment-{i}-reasons": "Overtaget.",
            }
        )
    return data


def test_it_refuses_an_assessment_id_of_another_report(client_for, tmf_worker, buf_worker, tmf_report):
    other = factories.report_for("BUF", buf_worker)
    ids = list(GoalAssessment.objects.filter(report=tmf_report).order_by("goal__number").values_list("pk", flat=True))
    ids[0] = GoalAssessment.objects.filter(report=other).first().pk
    url = reverse("redegorelse:report-assessments", args=[tmf_report.pk])
    response = client_for(tmf_worker).post(url, assessment_post(tmf_report, ids))
    assert response.status_code == 400
    assert (
        "Formularen nævner en række, der ikke hører til denne redegørelse. Intet er gemt." in response.content.decode()
    )
    assert not GoalAssessment.objects.filter(role="primary").exists()
    assert Report.objects.get(pk=tmf_report.pk).version == tmf_report.version


def test_it_refuses_an_extra_assessment_row(client_for, tmf_worker, tmf_report):
    ids = [*GoalAssessment.objects.filter(report=tmf_report).values_list("pk", flat=True), ""]
    data = assessment_post(tmf_report, ids)
    data["assessment-INITIAL_FORMS"] = len(ids) - 1
    response = client_for(tmf_worker).post(reverse("redegorelse:report-assessments", args=[tmf_report.pk]), data)
    assert response.status_code == 400
    assert GoalAssessment.objects.filter(report=tmf_report).count() == 6


def test_it_refuses_an_initiative_id_of_another_report(client_for, tmf_worker, buf_worker, tmf_report):
    other = factories.report_for("BUF", buf_worker)
    foreign = Initiative.objects.create(report=other, name="BUF's indsats", position=1)
    data = {
        "version": tmf_report.version,
        "initiative-TOTAL_FORMS": 1,
        "initiative-INITIAL_FORMS": 1,
        "initiative-MIN_NUM_FORMS": 0,
        "initiative-MAX_NUM_FORMS": 1000,
        "initiative-0-id": foreign.pk,
        "initiative-0-report": tmf_report.pk,
        "initiative-0-name": "Overtaget",
        "initiative-0-kind": "ongoing",
    }
    response = client_for(tmf_worker).post(reverse("redegorelse:report-initiatives", args=[tmf_report.pk]), data)
    assert response.status_code == 400
    assert not Initiative.objects.filter(report=tmf_report).exists()
    assert Initiative.objects.get(pk=foreign.pk).name == "BUF's indsats"


# -- item 7: a round's year is fixed once it has reports ----------------------------------------------


def test_bif_cannot_change_the_year_of_a_round_with_reports(client_for, bif_user, tmf_report):
    round = tmf_report.round
    data = {"year": 2019, "submission_deadline": "31.03.2009", "statusreport_due": ""}
    response = client_for(bif_user).post(reverse("redegorelse:round-edit", args=[2009]), data)
    assert response.status_code == 400
    assert "Året kan ikke ændres, fordi runden allerede har redegørelser." in response.content.decode()
    round.refresh_from_db()
    assert round.year == 2009


def test_the_admin_cannot_change_it_either(client_for, admin_user, tmf_report):
    url = reverse("admin:redegorelse_reportinground_change", args=[tmf_report.round.pk])
    data = {
        "year": 2019,
        "submission_deadline": "31.03.2009",
        "statusreport_due": "",
        "opened_at_0": "01.01.2009",
        "opened_at_1": "00:00:00",
        "deadlines-TOTAL_FORMS": 0,
        "deadlines-INITIAL_FORMS": 0,
        "deadlines-MIN_NUM_FORMS": 0,
        "deadlines-MAX_NUM_FORMS": 1000,
    }
    response = client_for(admin_user).post(url, data)
    assert "Året kan ikke ændres" in response.content.decode()
    tmf_report.round.refresh_from_db()
    assert tmf_report.round.year == 2009


def test_bif_can_still_change_the_year_of_an_empty_round(client_for, bif_user):
    factories.policy_covering(2011, 2014)
    factories.ReportingRoundFactory(year=2011)
    data = {"year": 2012, "submission_deadline": "31.03.2012", "statusreport_due": ""}
    response = client_for(bif_user).post(reverse("redegorelse:round-edit", args=[2011]), data)
    assert response.status_code == 302


# -- items 4 and 8: bilag -----------------------------------------------------------------------------


def two_page_pdf():
    import io

    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.add_blank_page()
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def upload_bilag(client, report, name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("redegorelse:attachment-list", args=[report.pk]),
        {"title": "Statusskema", "description": "", "file": SimpleUploadedFile(name, content)},
    )


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.mark.parametrize("keep", [0.5, 0.8, 0.95])
def test_it_refuses_a_cut_off_pdf_instead_of_repairing_it(client_for, tmf_worker, tmf_report, media, keep):
    """Item 4: pikepdf repaired a truncated PDF to 1 of its 2 pages and it went into the statusrapport."""
    raw = two_page_pdf()
    response = upload_bilag(client_for(tmf_worker), tmf_report, "statusskema.pdf", raw[: int(len(raw) * keep)])
    assert response.status_code == 400
    assert "PDF-filen er beskadiget eller ufuldstændig" in response.content.decode()
    assert not tmf_report.attachments.exists()
    assert not any(path.is_file() for path in media.rglob("*"))


def test_it_stores_and_serves_a_bilag_by_its_verified_kind(client_for, tmf_worker, tmf_report, media):
    """Item 8: a PDF named evil.html was stored as .html and served as text/html."""
    client = client_for(tmf_worker)
    assert upload_bilag(client, tmf_report, "evil.html", two_page_pdf()).status_code == 302
    attachment = tmf_report.attachments.get()
    assert (attachment.kind, attachment.original_name) == ("pdf", "evil.pdf")
    assert attachment.file.name.endswith(".pdf")
    response = client.get(reverse("redegorelse:attachment-download", args=[tmf_report.pk, attachment.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="evil.pdf"' in response["Content-Disposition"]


def test_an_old_bilag_with_a_misleading_name_is_served_by_its_kind(client_for, tmf_worker, tmf_report, media):
    client = client_for(tmf_worker)
    upload_bilag(client, tmf_report, "notat.pdf", two_page_pdf())
    attachment = tmf_report.attachments.get()
    type(attachment).objects.filter(pk=attachment.pk).update(original_name="notat.html")  # stored before the fix
    response = client.get(reverse("redegorelse:attachment-download", args=[tmf_report.pk, attachment.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="notat.pdf"' in response["Content-Disposition"]


# -- item 12: breadcrumbs only to pages the user may open ---------------------------------------------


@pytest.mark.parametrize("who", ["tmf_worker", "tmu_secretary", "bif_user"])
def test_every_breadcrumb_link_opens_for_the_user(client_for, request, tmf_report, tmu_secretary, who):
    import re

    workflow.submit(factories.complete_report(tmf_report), by=tmf_report.created_by)
    client = client_for(request.getfixturevalue(who))
    html = client.get(reverse("redegorelse:report-detail", args=[tmf_report.pk])).content.decode()
    crumbs = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S).group(0)
    links = re.findall(r'href="(/[^"]*)"', crumbs)
    assert links, crumbs
    for link in links:
        assert client.get(link).status_code == 200, link
    if who == "tmu_secretary":
        assert reverse("home:committee-detail", args=["TMU"]) in links
        assert "Teknik- og Miljøforvaltningen" in crumbs  # named, not linked
