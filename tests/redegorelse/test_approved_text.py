"""What the udvalg approved is what the statusrapport shows: the text of the archived approval PDF
and of that report's part of the statusrapport PDF, compared sentence by sentence."""

import pytest
from django.urls import reverse

from redegorelse import workflow
from redegorelse.models import ApprovedSnapshot, Edition, Initiative, InitiativeKind, Report
from redegorelse.statusreport_pdf import gather
from redegorelse.statusreport_pieces import build_pdf
from tests import factories
from tests.redegorelse.pdf_text import body_text, key, sentences
from tests.redegorelse.statusreport_helpers import add_bilag, tiny_pdf

pytestmark = pytest.mark.django_db


def fill_everything(report, by):
    """A report with every field the document shows filled in, and one bilag referred to."""
    factories.complete_report(report)
    Report.objects.filter(pk=report.pk).update(
        case_number="2009-0154321",
        extra_recommendations="at udvalget tager orienteringen om barometeret til efterretning",
        problem="Problemstillingen er, at målingerne er halvårlige.",
        solution="Forvaltningens primære rolle er at medvirke til, at der ikke kommer nye udsatte boligområder.",
        economy="Inden for eget budget.",
        next_steps="Forvaltningen forholder sig til de halvårlige målinger.",
        signatory_1_name="Hjalte Aaberg",
        signatory_1_title="Administrerende direktør",
        signatory_2_name="Ulrik Winge",
        signatory_2_title="Vicedirektør",
    )
    report.assessments.filter(goal__number=3).update(
        role="primary", realistic="ja", reasons="Antallet af udsatte boligområder er faldet fra 5 til 2."
    )
    bilag = add_bilag(report, by, 1, "Områdeløft", tiny_pdf("OMRAADELOFT side en"), page_count=1)
    initiative = Initiative.objects.create(
        report=report,
        position=1,
        name="Områdeløft",
        kind=InitiativeKind.ONGOING,
        description="Områdeløftene målrettes kvarterer, hvor integrationen ikke er lykkedes.",
        target_group="Beboere i udsatte byområder",
        period="2008–2010",
        resources_dkk=1250000,
        funding="external",
        funding_source="Landsbyggefonden",
        partners="Boligorganisationerne",
        progress="on_plan",
        results="To kvarterer har fået en områdeplan.",
        next_actions="Et tredje kvarter udvælges i 2010.",
        attachment=bilag,
    )
    initiative.goals.set(report.assessments.filter(goal__number=3).values_list("goal", flat=True))
    report.refresh_from_db()
    return report


def test_it_shows_the_approved_text_in_the_statusrapport_word_for_word(client_for, tmf_worker, tmu_secretary):
    report = fill_everything(factories.report_for("TMF", tmf_worker), tmf_worker)
    workflow.submit(report, by=tmf_worker)
    report = factories.backdate_submission(report)
    response = client_for(tmu_secretary).post(
        reverse("redegorelse:decision-create", args=[report.pk]),
        {
            "version": report.version,
            "after_decision": "",
            "meeting_date": "22.04.2009",
            "outcome": "approved",
            "decision_text": "",
            "confirmed": "1",
        },
    )
    assert response.status_code == 302
    snapshot = ApprovedSnapshot.objects.get()
    approved = sentences(body_text(snapshot.pdf.read()))

    # Nothing the document says is dropped from the approval PDF.
    text = " ".join(approved)
    for expected in [
        "Ifølge Københavns Kommunes integrationspolitik skal hver forvaltning årligt",
        "Integrationspolitikkens seks mål er:",
        "Der må ikke komme nye udsatte boligområder i Københavns Kommune.",
        "at udvalget tager orienteringen om barometeret til efterretning",
        "Beboere i udsatte byområder",
        "2008–2010",
        "1.250.000 kr.",
        "Ekstern finansiering (Landsbyggefonden)",
        "Boligorganisationerne",
        "Se bilag 1 for en nærmere beskrivelse af indsatsen.",
        "Administrerende direktør / Vicedirektør",
        "Teknik- og Miljøudvalgets beslutning den 22.04.2009 Indstillingen blev godkendt.",
        "Bilag 1: Områdeløft (1 side)",
    ]:
        assert expected in text, expected

    data = gather(report.round, Edition.DRAFT)
    pdf, _pages = build_pdf(data)
    statusreport = sentences(body_text(pdf))
    wanted, found = [key(s) for s in approved], [key(s) for s in statusreport]
    # The report's part starts after the statusrapport's own department heading, which runs into
    # the document's first line (a heading ends without a full stop).
    starts = [i for i, s in enumerate(found) if s.endswith(wanted[0])]
    assert starts, approved[0]
    start = starts[-1]
    part = found[start : start + len(wanted)]
    for position, (mine, theirs) in enumerate(zip(wanted[1:], part[1:], strict=True), start=1):
        assert mine == theirs, f"sentence {position}: {approved[position]!r} vs {statusreport[start + position]!r}"


def test_it_still_shows_a_report_approved_before_the_goals_were_frozen(tmf_worker, tmu_secretary):
    """Snapshots made before the goals and the genitive were stored are shown, not rewritten."""
    from redegorelse.statusreport_pdf import render_html
    from tests.redegorelse.statusreport_helpers import approve

    approve(factories.report_for("TMF", tmf_worker), tmf_worker, tmu_secretary)
    snapshot = ApprovedSnapshot.objects.get()
    old = dict(snapshot.content)
    del old["goals"]
    old["report"] = {k: v for k, v in old["report"].items() if k != "department_genitive"}
    ApprovedSnapshot.objects.filter(pk=snapshot.pk).update(content=old)
    # Soft hyphens at our vocabulary's joints (pdf.hyphenate_vocabulary) are invisible to a reader.
    html = render_html(gather(snapshot.decision.report.round, Edition.DRAFT), {}).replace("\u00ad", "")
    assert "Der må ikke komme nye udsatte boligområder i Københavns Kommune." in html
    assert "Teknik- og Miljøforvaltningens vurdering af målene" in html
    assert ApprovedSnapshot.objects.get().content == old
