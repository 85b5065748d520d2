"""Case workers write the redegørelse through the browser's URLs: create, edit, history,
conflicts, autosave, session expiry and submission."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from redegorelse import workflow
from redegorelse.models import FormDraft, GoalAssessment, Initiative, Report, ReportRevision, ReportStatus
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_2009(db):
    return factories.ReportingRoundFactory(year=2009)


@pytest.fixture
def tmf_report(tmf_worker, round_2009):
    return factories.report_for("TMF", tmf_worker)


def report_post(report, **changes):
    """The main section's form data as the page would post it, with `changes` applied."""
    data = {field: getattr(report, field) for field in Report.CONTENT_FIELDS}
    data["version"] = report.version
    data.update(changes)
    return data


def edit_url(report):
    return reverse("redegorelse:report-edit", args=[report.pk])


# -- creating ---------------------------------------------------------------------------------------


def test_it_lets_a_case_worker_create_the_rounds_report(client_for, tmf_worker, round_2009):
    client = client_for(tmf_worker)
    page = client.get(reverse("home:department-detail", args=["TMF"])).content.decode()
    assert "Opret redegørelse for 2009" in page
    response = client.post(reverse("redegorelse:report-create", args=["TMF"]), {"round": round_2009.pk})
    report = Report.objects.get(department__abbreviation="TMF")
    assert response.url == edit_url(report)
    assert report.assessments.count() == 6
    assert report.title == "Teknik- og Miljøforvaltningens 1. redegørelse om integrationsmålene 2009"


def test_it_generates_the_first_at_point_in_the_municipalitys_words(client_for, tmf_worker, tmf_report):
    html = client_for(tmf_worker).get(reverse("redegorelse:report-detail", args=[tmf_report.pk])).content.decode()
    assert "Teknik- og Miljøforvaltningen indstiller," in html
    assert (
        "at Teknik- og Miljøudvalget godkender Teknik- og Miljøforvaltningens 1. redegørelse for opnåelse af "
        "integrationsmålene inden for Teknik- og Miljøforvaltningens område."
    ) in html


def test_it_numbers_the_next_years_report_as_the_second(tmf_worker, tmf_report):
    later = factories.report_for("TMF", tmf_worker, year=2010)
    assert later.ordinal == 2
    assert "godkender Teknik- og Miljøforvaltningens 2. redegørelse" in later.first_recommendation


def test_it_refuses_a_second_report_for_the_same_round(client_for, tmf_worker, tmf_report, round_2009):
    response = client_for(tmf_worker).post(
        reverse("redegorelse:report-create", args=["TMF"]), {"round": round_2009.pk}, follow=True
    )
    assert "har allerede en redegørelse for 2009" in response.content.decode()
    assert Report.objects.filter(department__abbreviation="TMF").count() == 1


def test_it_refuses_creating_a_report_for_another_department(client_for, tmf_worker, round_2009):
    response = client_for(tmf_worker).post(reverse("redegorelse:report-create", args=["BUF"]), {"round": round_2009.pk})
    assert response.status_code == 404
    assert not Report.objects.exists()


def test_it_refuses_creating_reports_to_bif_staff(client_for, bif_user, round_2009):
    response = client_for(bif_user).post(reverse("redegorelse:report-create", args=["TMF"]), {"round": round_2009.pk})
    assert response.status_code == 403
    assert not Report.objects.exists()


def test_it_starts_from_last_years_report_with_copies_marked_for_review(client_for, tmf_worker, tmf_report):
    Report.objects.filter(pk=tmf_report.pk).update(problem="Sidste års problemstilling.")
    initiative = Initiative.objects.create(report=tmf_report, name="Områdeløft", progress="on_plan")
    initiative.goals.set([tmf_report.assessments.get(goal__number=3).goal])
    round_2010 = factories.ReportingRoundFactory(year=2010)
    client_for(tmf_worker).post(
        reverse("redegorelse:report-create", args=["TMF"]), {"round": round_2010.pk, "copy_previous": "1"}
    )
    new = Report.objects.get(round=round_2010)
    assert new.problem == "Sidste års problemstilling."
    copied = new.initiatives.get()
    assert (copied.name, copied.copied, list(copied.goals.values_list("number", flat=True))) == (
        "Områdeløft",
        True,
        [3],
    )
    assert Initiative.objects.get(pk=initiative.pk).copied is False


# -- editing and history ----------------------------------------------------------------------------


def test_it_saves_the_main_section_and_records_each_changed_field(client_for, tmf_worker, tmf_report):
    client = client_for(tmf_worker)
    response = client.post(
        edit_url(tmf_report),
        report_post(tmf_report, case_number="2009-0123456", problem="Første afsnit.\n\n- et punkt\n- to punkter"),
    )
    assert response.status_code == 302
    tmf_report.refresh_from_db()
    assert (tmf_report.case_number, tmf_report.version) == ("2009-0123456", 2)
    revision = ReportRevision.objects.filter(report=tmf_report).latest("pk")
    assert sorted(c.label for c in revision.changes.all()) == ["Problemstilling", "Sagsnummer"]
    history = client.get(reverse("redegorelse:report-history", args=[tmf_report.pk])).content.decode()
    assert "<ins>2009-0123456</ins>" in history
    detail = client.get(reverse("redegorelse:report-detail", args=[tmf_report.pk])).content.decode()
    assert "<li>et punkt</li>" in detail


def test_it_refuses_a_malformed_case_number_and_changes_nothing(client_for, tmf_worker, tmf_report):
    response = client_for(tmf_worker).post(edit_url(tmf_report), report_post(tmf_report, case_number="2009-12"))
    assert response.status_code == 200
    assert "Sagsnummeret skal have formen ÅÅÅÅ-NNNNNNN" in response.content.decode()
    tmf_report.refresh_from_db()
    assert (tmf_report.case_number, tmf_report.version) == ("", 1)


def test_it_never_renders_typed_html(client_for, tmf_worker, tmf_report):
    client = client_for(tmf_worker)
    client.post(edit_url(tmf_report), report_post(tmf_report, problem='<script>alert("x")</script><b>fed</b>'))
    html = client.get(reverse("redegorelse:report-detail", args=[tmf_report.pk])).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html
    assert "<b>fed</b>" not in html


def test_it_shows_a_conflict_keeping_everything_typed_when_someone_saved_first(client_for, tmf_worker, tmf_report):
    colleague = factories.case_worker("TMF", username="tmf-kollega")
    mine, theirs = Client(), Client()
    mine.force_login(tmf_worker)
    theirs.force_login(colleague)
    loaded = report_post(tmf_report)  # both load version 1
    theirs.post(edit_url(tmf_report), {**loaded, "problem": "Kollegaens tekst."})
    response = mine.post(edit_url(tmf_report), {**loaded, "problem": "Min lange tekst, som ikke må gå tabt."})
    html = response.content.decode()
    assert response.status_code == 409
    assert "En anden har gemt ændringer, mens du skrev" in html
    assert "Min lange tekst, som ikke må gå tabt." in html  # still in my form
    assert "Kollegaens tekst." in html  # what they changed
    assert 'name="version" value="2"' in html
    tmf_report.refresh_from_db()
    assert tmf_report.problem == "Kollegaens tekst."
    # Saving again from the conflict page is a deliberate overwrite.
    mine.post(edit_url(tmf_report), {**loaded, "version": 2, "problem": "Min lange tekst, som ikke må gå tabt."})
    tmf_report.refresh_from_db()
    assert (tmf_report.problem, tmf_report.version) == ("Min lange tekst, som ikke må gå tabt.", 3)


def test_it_guards_the_version_with_a_conditional_update(tmf_worker, tmf_report):
    """Two saves from the same loaded version: the database lets exactly one through."""
    from redegorelse.models import EditConflict

    tmf_report.save_content({"problem": "A"}, expected_version=1, by=tmf_worker)
    with pytest.raises(EditConflict):
        Report.objects.get(pk=tmf_report.pk).save_content({"problem": "B"}, expected_version=1, by=tmf_worker)
    with pytest.raises(EditConflict):
        tmf_report.claim_version(1, tmf_worker)
    assert Report.objects.get(pk=tmf_report.pk).problem == "A"


def test_it_saves_goal_assessments_and_demands_reasons(client_for, tmf_worker, tmf_report):
    client = client_for(tmf_worker)
    url = reverse("redegorelse:report-assessments", args=[tmf_report.pk])
    assessments = list(GoalAssessment.objects.filter(report=tmf_report).order_by("goal__number"))
    data = {
        "version": 1,
        "assessment-TOTAL_FORMS": 6,
        "assessment-INITIAL_FORMS": 6,
        "assessment-MIN_NUM_FORMS": 0,
        "assessment-MAX_NUM_FORMS": 1000,
    }
    for i, assessment in enumerate(assessments):
        data[f"assessment-{i}-id"] = assessment.pk
        data[f"assessment-{i}-role"] = "primary" if i == 2 else "not_relevant"
        data[f"assessment-{i}-realistic"] = "ja" if i == 2 else "ikke_relevant"
        data[f"assessment-{i}-reasons"] = ""
    response = client.post(url, data)
    assert "Skriv en begrundelse, eller marker målet som ikke relevant." in response.content.decode()
    assert not GoalAssessment.objects.filter(report=tmf_report, role="primary").exists()
    data["assessment-2-reasons"] = "Antallet af udsatte boligområder er faldet fra 5 til 2."
    assert client.post(url, data).status_code == 302
    goal_3 = GoalAssessment.objects.get(report=tmf_report, goal__number=3)
    assert (goal_3.role, goal_3.realistic) == ("primary", "ja")
    labels = set(ReportRevision.objects.filter(report=tmf_report).latest("pk").changes.values_list("label", flat=True))
    assert "Mål 3: forvaltningens rolle" in labels


def initiatives_post(report, forms, version):
    data = {
        "version": version,
        "initiative-TOTAL_FORMS": len(forms),
        "initiative-INITIAL_FORMS": sum(1 for f in forms if f.get("id")),
        "initiative-MIN_NUM_FORMS": 0,
        "initiative-MAX_NUM_FORMS": 1000,
    }
    for i, form in enumerate(forms):
        for key, value in form.items():
            data[f"initiative-{i}-{key}"] = value
    return data


def test_it_adds_and_removes_initiatives(client_for, tmf_worker, tmf_report):
    client = client_for(tmf_worker)
    url = reverse("redegorelse:report-initiatives", args=[tmf_report.pk])
    goal_3 = tmf_report.assessments.get(goal__number=3).goal
    new = {"name": "Aftaler om fleksibel udlejning", "goals": [goal_3.pk], "kind": "ongoing", "progress": "on_plan"}
    assert client.post(url, initiatives_post(tmf_report, [new], 1)).status_code == 302
    initiative = tmf_report.initiatives.get()
    assert list(initiative.goals.all()) == [goal_3]
    second = {**new, "name": "Områdeløft"}
    client.post(url, initiatives_post(tmf_report, [{**new, "id": initiative.pk}, second], 2))
    assert list(tmf_report.initiatives.values_list("name", "position")) == [
        ("Aftaler om fleksibel udlejning", 1),
        ("Områdeløft", 2),
    ]
    first_id = initiative.pk
    second_id = tmf_report.initiatives.get(name="Områdeløft").pk
    client.post(
        url,
        initiatives_post(tmf_report, [{**new, "id": first_id, "DELETE": "on"}, {**second, "id": second_id}], 3),
    )
    assert list(tmf_report.initiatives.values_list("name", "position")) == [("Områdeløft", 1)]
    labels = list(ReportRevision.objects.filter(report=tmf_report).values_list("changes__label", flat=True))
    assert "Indsats fjernet: »Aftaler om fleksibel udlejning«" in labels
    assert "Indsats tilføjet: »Områdeløft«" in labels


def test_it_serves_a_numbered_empty_initiative_form_for_htmx(client_for, tmf_worker, tmf_report):
    url = reverse("redegorelse:initiative-form", args=[tmf_report.pk])
    html = client_for(tmf_worker).get(url, {"initiative-TOTAL_FORMS": 2}).content.decode()
    assert 'name="initiative-2-name"' in html
    assert 'id="id_initiative-TOTAL_FORMS" value="3" hx-swap-oob="true"' in html


def test_it_adds_an_initiative_form_without_javascript(client_for, tmf_worker, tmf_report):
    client = client_for(tmf_worker)
    url = reverse("redegorelse:report-initiatives", args=[tmf_report.pk])
    response = client.post(url, {**initiatives_post(tmf_report, [], 1), "add_initiative": "1"})
    assert response.url == f"{url}?ny=1#ny-indsats"
    assert 'name="initiative-0-name"' in client.get(response.url).content.decode()


# -- autosave and session expiry --------------------------------------------------------------------


def test_it_autosaves_a_draft_without_touching_the_report(client_for, tmf_worker, tmf_report):
    client = client_for(tmf_worker)
    autosave = reverse("redegorelse:report-autosave", args=[tmf_report.pk, "indstilling"])
    response = client.post(autosave, report_post(tmf_report, problem="Halvt skrevet afsnit"), HTTP_HX_REQUEST="true")
    assert "Kladde autogemt" in response.content.decode()
    tmf_report.refresh_from_db()
    assert (tmf_report.problem, tmf_report.version) == ("", 1)
    page = client.get(edit_url(tmf_report)).content.decode()
    assert "Halvt skrevet afsnit" in page
    assert "Vi har hentet den tekst, du skrev, men ikke fik gemt" in page
    # Saving the restored text does not conflict with one's own autosave.
    client.post(edit_url(tmf_report), report_post(tmf_report, problem="Halvt skrevet afsnit"))
    tmf_report.refresh_from_db()
    assert (tmf_report.problem, tmf_report.version) == ("Halvt skrevet afsnit", 2)
    assert not FormDraft.objects.exists()


def test_it_discards_an_autosaved_draft_on_request(client_for, tmf_worker, tmf_report):
    client = client_for(tmf_worker)
    autosave = reverse("redegorelse:report-autosave", args=[tmf_report.pk, "indstilling"])
    client.post(autosave, report_post(tmf_report, problem="Kladde"))
    client.post(edit_url(tmf_report), {"discard_draft": "1"})
    assert not FormDraft.objects.exists()
    assert "Kladde" not in client.get(edit_url(tmf_report)).content.decode()


def test_it_refuses_autosave_for_another_department(client_for, buf_worker, tmf_report):
    autosave = reverse("redegorelse:report-autosave", args=[tmf_report.pk, "indstilling"])
    response = client_for(buf_worker).post(autosave, report_post(tmf_report, problem="x"))
    assert response.status_code == 404
    assert not FormDraft.objects.exists()


def test_it_keeps_what_was_typed_when_the_session_expired(client, tmf_worker, tmf_report):
    response = client.post(edit_url(tmf_report), report_post(tmf_report, problem="Tekst skrevet i en time."))
    assert response.status_code == 302
    assert response.url == "/login/?next=%2Fredegoerelser%2Fgenoptag%2F"
    tmf_report.refresh_from_db()
    assert tmf_report.problem == ""
    response = client.post(
        "/login/", {"username": tmf_worker.username, "password": "test-password", "next": "/redegoerelser/genoptag/"}
    )
    assert response.url == "/redegoerelser/genoptag/"
    client.get(response.url)
    tmf_report.refresh_from_db()
    assert tmf_report.problem == "Tekst skrevet i en time."
    assert tmf_report.updated_by == tmf_worker


def test_it_keeps_an_expired_autosave_and_saves_it_after_login(client, tmf_worker, tmf_report):
    autosave = reverse("redegorelse:report-autosave", args=[tmf_report.pk, "indstilling"])
    data = {**report_post(tmf_report, problem="Autogemt efter udløb."), "section_url": edit_url(tmf_report)}
    response = client.post(autosave, data, HTTP_HX_REQUEST="true")
    assert "Du er blevet logget ud" in response.content.decode()
    client.force_login(tmf_worker)
    client.get(reverse("redegorelse:resume"))
    tmf_report.refresh_from_db()
    assert tmf_report.problem == "Autogemt efter udløb."


def test_it_does_not_replay_a_kept_post_for_someone_without_access(client, buf_worker, tmf_report):
    client.post(edit_url(tmf_report), report_post(tmf_report, problem="Fremmed tekst"))
    client.force_login(buf_worker)
    assert client.get(reverse("redegorelse:resume")).status_code == 404
    tmf_report.refresh_from_db()
    assert tmf_report.problem == ""


# -- submission -------------------------------------------------------------------------------------


def test_it_lists_what_is_missing_with_links_and_refuses_to_submit(client_for, tmf_worker, tmf_report):
    client = client_for(tmf_worker)
    url = reverse("redegorelse:report-submit", args=[tmf_report.pk])
    html = client.get(url).content.decode()
    assert "Sagsnummer mangler." in html
    assert f'href="{edit_url(tmf_report)}#id_problem"' in html
    assert "Mål 3: forvaltningens rolle er ikke valgt." in html
    response = client.post(url, follow=True)
    assert "Redegørelsen kan ikke indsendes endnu" in response.content.decode()
    tmf_report.refresh_from_db()
    assert tmf_report.status == ReportStatus.DRAFT


def test_it_names_an_initiative_without_goal(client_for, tmf_worker, tmf_report):
    factories.complete_report(tmf_report)
    Initiative.objects.create(report=tmf_report, name="Uden mål", progress="on_plan")
    html = client_for(tmf_worker).get(reverse("redegorelse:report-submit", args=[tmf_report.pk])).content.decode()
    assert "Indsatsen »Uden mål« er ikke knyttet til et mål." in html


def test_it_submits_a_complete_report_which_is_then_read_only(client_for, tmf_worker, tmf_report):
    factories.complete_report(tmf_report)
    client = client_for(tmf_worker)
    response = client.post(reverse("redegorelse:report-submit", args=[tmf_report.pk]))
    assert response.status_code == 302
    tmf_report.refresh_from_db()
    assert tmf_report.status == ReportStatus.SUBMITTED
    assert tmf_report.submitted_at is not None
    # Read-only afterwards: the edit page and a stale post both go back to the report unchanged.
    assert client.get(edit_url(tmf_report)).url == reverse("redegorelse:report-detail", args=[tmf_report.pk])
    client.post(edit_url(tmf_report), report_post(tmf_report, problem="Ændret efter indsendelse"))
    tmf_report.refresh_from_db()
    assert tmf_report.problem == "Problemstillingen."
    with pytest.raises(Exception, match="kan ikke længere redigeres"):
        tmf_report.save_content({"problem": "x"}, expected_version=tmf_report.version, by=tmf_worker)


def test_it_refuses_submission_by_anyone_but_the_departments_case_workers(client_for, bif_user, tmf_report):
    factories.complete_report(tmf_report)
    assert client_for(bif_user).post(reverse("redegorelse:report-submit", args=[tmf_report.pk])).status_code == 403
    tmf_report.refresh_from_db()
    assert tmf_report.status == ReportStatus.DRAFT


# -- reading ----------------------------------------------------------------------------------------


def test_it_hides_a_draft_from_other_departments_and_committees(client_for, buf_worker, tmu_secretary, tmf_report):
    url = reverse("redegorelse:report-detail", args=[tmf_report.pk])
    assert client_for(buf_worker).get(url).status_code == 404
    assert client_for(tmu_secretary).get(url).status_code == 404


def test_it_shows_a_submitted_report_to_its_committee_only(client_for, tmf_worker, tmf_report):
    factories.complete_report(tmf_report)
    workflow.submit(tmf_report, by=tmf_worker)
    url = reverse("redegorelse:report-detail", args=[tmf_report.pk])
    assert client_for(factories.secretary("TMU")).get(url).status_code == 200
    assert client_for(factories.secretary("BUU")).get(url).status_code == 404


def test_it_lets_bif_staff_read_but_not_edit(client_for, bif_user, tmf_report):
    client = client_for(bif_user)
    assert client.get(reverse("redegorelse:report-detail", args=[tmf_report.pk])).status_code == 200
    assert client.get(edit_url(tmf_report)).status_code == 403
    assert client.post(edit_url(tmf_report), report_post(tmf_report, problem="BIF")).status_code == 403


def test_it_sends_anonymous_readers_to_login(client, tmf_report):
    response = client.get(reverse("redegorelse:report-detail", args=[tmf_report.pk]))
    assert response.status_code == 302
    assert response.url.startswith("/login/")


@pytest.mark.parametrize("url_name", ["report-history", "report-pdf", "attachment-list"])
def test_it_hides_report_pages_from_other_departments(client_for, buf_worker, tmf_report, url_name):
    assert client_for(buf_worker).get(reverse(f"redegorelse:{url_name}", args=[tmf_report.pk])).status_code == 404


def test_it_keeps_the_report_page_queries_constant_as_the_report_grows(
    client_for, tmf_worker, tmf_report, settings, tmp_path
):
    from redegorelse.models import Attachment

    settings.MEDIA_ROOT = tmp_path
    client = client_for(tmf_worker)
    url = reverse("redegorelse:report-detail", args=[tmf_report.pk])
    goal = tmf_report.assessments.first().goal

    def grow(count):
        first = Attachment.objects.filter(report=tmf_report).count() + 1  # bilag numbers are unique
        for n in range(count):
            attachment = Attachment.objects.create(
                report=tmf_report,
                position=first + n,
                title=f"Bilag {n}",
                file="bilag/x.pdf",
                original_name="x.pdf",
                kind="pdf",
                size=1,
                sha256="0" * 64,
                uploaded_by=tmf_worker,
            )
            initiative = Initiative.objects.create(report=tmf_report, name=f"Indsats {n}", attachment=attachment)
            initiative.goals.set([goal])

    def cold_and_warm():
        """The first request writes the document and the timeline (config/fragments.py), the second
        reads them."""
        with CaptureQueriesContext(connection) as cold:
            client.get(url)
        with CaptureQueriesContext(connection) as warm:
            html = client.get(url).content.decode()
        return len(cold.captured_queries), len(warm.captured_queries), html

    grow(1)
    client.get(reverse("redegorelse:report-history", args=[tmf_report.pk]))  # settles the session
    small_cold, small_warm, _html = cold_and_warm()
    assert small_warm < small_cold <= 40
    grow(49)
    large_cold, large_warm, html = cold_and_warm()
    assert "Indsats 48" in html
    assert large_warm == small_warm
    assert large_cold <= small_cold  # (the timeline is unchanged here: read, not written)
