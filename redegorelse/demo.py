"""Demo reports: Teknik- og Miljøforvaltningen's 1. redegørelse (2009) in the source document's
own words, with its four bilag, approved by Teknik- og Miljøudvalget on 22.04.2009 as the source
says; and invented reports from BUF (sent back with reasons), SOF (awaiting decision) and KFF
(postponed), so every screen has something real to show. Running it again changes nothing.

Invented for the demo, because the source gives none of them: TMF's case number, the round's
deadline (31.03.2009), and the story's dates before the decision — the report is started on
02.03.2009 and submitted on 25.03.2009 (the indstilling's date), the other departments' reports
in the same weeks. The meeting date 22.04.2009 and the decision text are the source's."""

import datetime
import hashlib
from contextlib import contextmanager
from unittest import mock

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from weasyprint import HTML

from barometer.models import Goal
from organisation.models import Department
from redegorelse import workflow

from .models import (
    OUTCOME_PHRASES,
    Attachment,
    AttachmentKind,
    DepartmentRole,
    Funding,
    GoalAssessment,
    Initiative,
    InitiativeKind,
    Outcome,
    ProgressStatus,
    Realism,
    Report,
    ReportingRound,
    ReportRevision,
    RevisionKind,
    Submission,
)
from .obligations import signals_for

TMF_PROBLEM = (
    "Det er i Københavns Kommunes integrationspolitik besluttet, at integrationsindsatsen skal måles jævnligt. "
    "Kommunen skal på baggrund af halvårlige målinger i integrationsbarometeret udvikle nye eller styrke "
    "eksisterende indsatser inden for de seks hovedindsatsområder i integrationspolitikken. Der skal ligeledes "
    "redegøres for allerede igangværende indsatser. Formålet med redegørelsen er, at give udvalgene et overblik "
    "over integrationsmål i det kommende budgetår. Redegørelsen giver dermed Teknik- og Miljøudvalget en status "
    "for opfyldelse af mål og ressourceforbrug på integrationsområdet forud for forhandlingerne om budgetterne. "
    "Teknik- og Miljøforvaltningens redegørelse vil blive brugt i en samlet statusrapport som Beskæftigelses- og "
    "Integrationsforvaltningen udarbejder på baggrund af de fra forvaltningerne, indkomne redegørelser. "
    "Statusrapporten vil efterfølgende blive forelagt Borgerrepræsentationen."
)
TMF_SOLUTION = (
    "Teknik- og Miljøforvaltningens primære rolle i forhold til integrationspolitikkens mål er, at medvirke til "
    "at der ikke kommer nye udsatte boligområder i Københavns Kommune. Teknik- og Miljøforvaltningen har flere "
    "igangværende indsatser, som medvirker til at opfylde dette mål."
)
# After the initiatives, as in the source.
TMF_SOLUTION_CLOSING = (
    "Som bilag 4 er vedlagt statusskemaer for integrationsindsatser, der bidrager til at nå målene i "
    "integrationspolitikken. Disse skemaer er fremsendt af Beskæftigelses- og Integrationsforvaltningen og er en "
    "del af den redegørelse, som Teknik- og Miljøforvaltningen skal fremlægge."
)
TMF_GOAL_3_REASONS = (
    "Teknik- og Miljøforvaltningen vurderer at forvaltningen ved sine indsatser på integrationsområdet har været "
    "medvirkende til at opfylde målet om, at der ikke må komme nye udsatte boligområder i Københavns Kommune. "
    "Antallet af udsatte boligområder i Københavns Kommune er ved seneste måling faldet fra 5 til 2 områder. "
    "Dette skyldes dog til dels også den højkonjunktur som har været. Det er derfor heller ikke utænkeligt at det "
    "aktuelle konjunkturskift vil medføre stigende arbejdsløshed i netop de udsatte områder."
)
TMF_ECONOMY = (
    "Teknik- og Miljøforvaltningen varetager integrationsprojekterne inden for eget budget, idet projekterne er "
    "en del af forvaltningens helhedsorienterede indsatser."
)
TMF_NEXT_STEPS = (
    "De mål som Teknik- og Miljøforvaltningen har opstillet i integrationsbarometeret skal forvaltningen forholde "
    "sig til ved de halvårlige målinger. Forvaltningen skal således udvikle nye og styrke eksisterende indsatser, "
    "hvis en eller flere indikatorer indenfor et indsatsområde viser negativ eller utilstrækkelig udvikling til at "
    "nå de opstillede mål."
)
TMF_INITIATIVES = [
    (
        "Aftaler om fleksibel udlejning",
        "Teknik- og Miljøforvaltningen har i samarbejde med Boligselskabernes Landsforening indgået aftaler med "
        "flere boligorganisationer om fleksible udlejningsaftaler. Dette indebærer, at der er færre personer uden "
        "tilknytning til arbejdsmarkedet i de udsatte boligområder og til, at andre boligområder ikke udvikler sig "
        "i en uheldig retning, så der opstår nye udsatte boligområder.",
        Funding.OWN_BUDGET,
        "",
        "Boligselskabernes Landsforening og boligorganisationerne",
        "indsatsen",
    ),
    (
        "Områdeløft",
        "Teknik- og Miljøforvaltningen har i forbindelse med områdeløftene fokus på integration. Et af kriterierne "
        "ved udvælgelsen af et område er, hvor stor en andel af borgere med ikke-vestlig oprindelse, der er i "
        "kvarteret, hvilket målretter områdeløftene mod de områder, hvor integrationen ikke er lykkedes fuldt og "
        "helt, og at man derfor vil gøre en indsats for dette.",
        Funding.OWN_BUDGET,
        "",
        "",
        "Områdeløftindsatsen",
    ),
    (
        "Landsbyggefondens pulje til sociale og forebyggende indsatser i udsatte boligområder (helhedsplaner)",
        "Teknik- og Miljøforvaltningen er tovholder for Landsbyggefondens sociale og forebyggende indsatser i "
        "udsatte boligområder (helhedsplaner). Når Landsbyggefonden afgør, hvilke af de indkomne ansøgninger, der "
        "skal have støtte, lægges der også her vægt på, hvor stor en andel af beboere med ikke-vestlig oprindelse, "
        "der er i boligafdelingen. Dette medfører, at der i mange af projekterne er fokus på integration f.eks. i "
        "form af beskæftigelsesprojekter for kvinder med anden etnisk oprindelse end dansk, som er uden for "
        "arbejdsmarkedet. Københavns Kommune støtter helhedsplaner, der bakker op om målene vedtaget i "
        "Integrationspolitikken.",
        Funding.EXTERNAL,
        "Landsbyggefonden",
        "Landsbyggefonden og boligafdelingerne",
        "Landsbyggefondens indsats",
    ),
]
TMF_ATTACHMENTS = [
    ("Aftaler om fleksibel udlejning", "En nærmere beskrivelse af indsatsen."),
    ("Områdeløft", "En nærmere beskrivelse af Områdeløftindsatsen."),
    (
        "Landsbyggefondens pulje til sociale og forebyggende indsatser i udsatte boligområder (helhedsplaner)",
        "En nærmere beskrivelse af Landsbyggefondens indsats.",
    ),
    (
        "Statusskemaer for integrationsindsatser",
        "Statusskemaer fremsendt af Beskæftigelses- og Integrationsforvaltningen.",
    ),
]

# department, author, secretary, what happens in the committee, reasons when it is sent back
OTHER_REPORTS = [
    (
        "BUF",
        "buf-sagsbehandler",
        "buu-sekretaer",
        "returned",
        [
            ("problem", "Problemstillingen skal beskrive præstationsgabet med de seneste tal fra barometeret."),
            (
                "initiatives",
                "Redegørelsen nævner ingen indsatser. Beskriv forvaltningens indsatser mod præstationsgabet, "
                "fx lektiecaféerne, med et statusskema for hver.",
            ),
        ],
    ),
    ("SOF", "sof-sagsbehandler", None, "submitted", []),
    ("KFF", "kff-sagsbehandler", "kfu-sekretaer", "postponed", []),
]
# Demo text, not from the source document: the other departments' reports are invented.
OTHER_TEXT = {
    "BUF": "Børne- og Ungdomsforvaltningen arbejder med at lukke præstationsgabet mellem et- og tosprogede børn.",
    "SOF": "Socialforvaltningen bidrager til integrationen gennem sine sociale indsatser for udsatte familier.",
    "KFF": "Kultur- og Fritidsforvaltningen arbejder for, at indvandrere deltager i kultur- og fritidslivet.",
}


def demo_pdf(title, description, tagged=True):
    """A one-page PDF standing in for the real bilag, which the source document does not include;
    tagged (PDF/UA) unless asked for an untagged one, as a scan would be."""
    html = (
        f'<html lang="da"><head><meta charset="utf-8"><title>{title}</title></head><body>'
        f'<h1 style="font-family: sans-serif">{title}</h1><p style="font-family: sans-serif">{description}</p>'
        '<p style="font-family: sans-serif"><em>Demobilag: indholdet er ikke fra kildedokumentet.</em></p>'
        "</body></html>"
    )
    return HTML(string=html).write_pdf(**({"pdf_variant": "pdf/ua-1"} if tagged else {}))


def load(stdout):
    round_2009, _ = ReportingRound.objects.get_or_create(
        year=2009, defaults={"submission_deadline": datetime.date(2009, 3, 31)}
    )
    users = {user.username: user for user in get_user_model().objects.all()}
    created = 0
    with transaction.atomic():
        tmf = Department.objects.get(abbreviation="TMF")
        if not Report.objects.filter(department=tmf, round=round_2009).exists():
            report = load_tmf_2009(tmf, round_2009, users["tmf-sagsbehandler"])
            with clock_at(at(2009, 4, 22, 15)):
                decision = workflow.record_decision(
                    report,
                    by=users["tmu-sekretaer"],
                    version=report.version,
                    after_decision=None,
                    meeting_date=datetime.date(2009, 4, 22),
                    outcome=Outcome.APPROVED,
                    decision_text=str(OUTCOME_PHRASES[Outcome.APPROVED]),
                )
            date_the_decision(decision)
            created += 1
        for abbreviation, author, secretary, what, reasons in OTHER_REPORTS:
            department = Department.objects.get(abbreviation=abbreviation)
            if Report.objects.filter(department=department, round=round_2009).exists():
                continue
            load_other(department, round_2009, users[author], users.get(secretary), what, reasons)
            created += 1
    stdout.write(f"Demoredegørelser oprettet: {created}.")


def at(year, month, day, hour=10):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def date_the_story(report, *, started, submitted):
    """Puts the report's history where its story happened (spring 2009), not on the day the
    demo was loaded: the creation and edits on `started`, the submission on `submitted`. Runs
    before the committee's decision, so the archived PDF carries the submission date."""
    Report.objects.filter(pk=report.pk).update(created_at=started, updated_at=submitted, submitted_at=submitted)
    ReportRevision.objects.filter(report=report).exclude(kind=RevisionKind.SUBMITTED).update(at=started)
    ReportRevision.objects.filter(report=report, kind=RevisionKind.SUBMITTED).update(at=submitted)
    Submission.objects.filter(report=report).update(submitted_at=submitted)
    Attachment.objects.filter(report=report).update(uploaded_at=started)
    report.refresh_from_db()


@contextmanager
def clock_at(moment):
    """The workflow takes the time from the clock. An approved report cannot be changed
    afterwards, not even its timestamps (the PostgreSQL guard forbids it), so the demo sets the
    clock to the meeting while the decision is recorded."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def date_the_decision(decision):
    """The decision's history event on its meeting day too (the event's default time was read
    before the clock was set)."""
    ReportRevision.objects.filter(report_id=decision.report_id, kind=RevisionKind.DECIDED).update(
        at=decision.recorded_at
    )


def answer_the_barometer(report, reason):
    """Gives every goal whose barometer indicators call for an answer the demo's written reason,
    as the submission check (obligations.py) requires."""
    signals = signals_for(report)
    for assessment in GoalAssessment.objects.filter(report=report):
        goal_signals = signals[assessment.goal_id]
        if goal_signals.obliging:
            assessment.no_new_initiative_reason = reason
        if goal_signals.red and assessment.realistic == Realism.YES:
            assessment.red_indicator_explanation = reason
        assessment.save()


def load_other(department, round, author, secretary, what, reasons):
    """An invented report, complete enough to submit, taken as far as `what` says."""
    report = Report.start(department=department, round=round, by=author)
    Report.objects.filter(pk=report.pk).update(
        case_number=f"2009-0{department.pk:06d}",
        problem=OTHER_TEXT[department.abbreviation],
        solution=OTHER_TEXT[department.abbreviation],
        economy="Inden for eget budget.",
        next_steps=TMF_NEXT_STEPS.replace("Teknik- og Miljøforvaltningen", department.name),
        signatory_1_name="Direktør (demo)",
        signatory_2_name="Kontorchef (demo)",
    )
    GoalAssessment.objects.filter(report=report).update(
        role=DepartmentRole.CONTRIBUTING, realistic=Realism.PARTLY, reasons="Demotekst: delvist realistisk."
    )
    answer_the_barometer(report, "Demotekst: forvaltningen følger udviklingen ved de halvårlige målinger.")
    report.refresh_from_db()
    workflow.submit(report, by=author)
    date_the_story(report, started=at(2009, 3, 2), submitted=at(2009, 3, 27))
    if what == "submitted":
        return report
    outcome = Outcome.RETURNED if what == "returned" else Outcome.POSTPONED
    with clock_at(at(2009, 4, 20, 15)):
        decision = workflow.record_decision(
            report,
            by=secretary,
            version=report.version,
            after_decision=None,
            meeting_date=datetime.date(2009, 4, 20),
            outcome=outcome,
            decision_text=str(OUTCOME_PHRASES[outcome]),
            reasons=reasons,
        )
    date_the_decision(decision)
    return report


def load_tmf_2009(department, round, author):
    report = Report.start(department=department, round=round, by=author)
    Report.objects.filter(pk=report.pk).update(
        case_number="2009-0154321",
        problem=TMF_PROBLEM,
        solution=TMF_SOLUTION,
        solution_closing=TMF_SOLUTION_CLOSING,
        economy=TMF_ECONOMY,
        next_steps=TMF_NEXT_STEPS,
        signatory_1_name="Hjalte Aaberg",
        signatory_2_name="Ulrik Winge",
    )
    for assessment in GoalAssessment.objects.filter(report=report).select_related("goal"):
        if assessment.goal.number == 3:
            assessment.role, assessment.realistic, assessment.reasons = (
                DepartmentRole.PRIMARY,
                Realism.YES,
                TMF_GOAL_3_REASONS,
            )
        else:
            assessment.role, assessment.realistic = DepartmentRole.NOT_RELEVANT, Realism.NOT_RELEVANT
        assessment.save()
    attachments = []
    for position, (title, description) in enumerate(TMF_ATTACHMENTS, start=1):
        # The last demo bilag stands for a scanned page: untagged, with a text alternative.
        tagged = position < len(TMF_ATTACHMENTS)
        content = demo_pdf(title, description, tagged=tagged)
        attachment = Attachment(
            report=report,
            position=position,
            title=title,
            description=description,
            original_name=f"bilag-{position}.pdf",
            kind=AttachmentKind.PDF,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            page_count=1,
            tagged=tagged,
            alt_text="" if tagged else f"{title}: {description}",
            uploaded_by=author,
        )
        attachment.file.save(f"bilag-{position}.pdf", ContentFile(content), save=False)
        attachment.save()
        attachments.append(attachment)
    goal_3 = Goal.objects.of_policy(report.round.policy_id).get(number=3)
    for position, (name, description, funding, source, partners, subject) in enumerate(TMF_INITIATIVES, start=1):
        initiative = Initiative.objects.create(
            report=report,
            position=position,
            name=name,
            kind=InitiativeKind.ONGOING,
            description=description,
            funding=funding,
            funding_source=source,
            partners=partners,
            progress=ProgressStatus.ON_PLAN,
            attachment=attachments[position - 1],
            attachment_subject=subject,
        )
        initiative.goals.set([goal_3])
    # The seed's own "Videre proces" is TMF's answer where the (invented) barometer asks for one.
    answer_the_barometer(report, TMF_NEXT_STEPS)
    report.refresh_from_db()
    workflow.submit(report, by=author)
    date_the_story(report, started=at(2009, 3, 2), submitted=at(2009, 3, 25))
    return report
