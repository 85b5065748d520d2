import datetime

import factory
from django.contrib.auth import get_user_model

from organisation.models import Committee, Department, Membership, Role


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"bruger{n}")
    first_name = factory.Faker("first_name", locale="da_DK")
    last_name = factory.Faker("last_name", locale="da_DK")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.kk.dk")
    password = factory.django.Password("test-password")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    name = factory.Sequence(lambda n: f"Testforvaltning {n}")
    abbreviation = factory.Sequence(lambda n: f"T{n}F")


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee

    name = factory.Sequence(lambda n: f"Testudvalg {n}")
    abbreviation = factory.Sequence(lambda n: f"T{n}U")
    department = factory.SubFactory(DepartmentFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.CASE_WORKER


def case_worker(department_abbreviation, username=None):
    department = Department.objects.get(abbreviation=department_abbreviation)
    user = UserFactory(username=username or f"{department_abbreviation.lower()}-sagsbehandler")
    MembershipFactory(user=user, role=Role.CASE_WORKER, department=department)
    return user


def secretary(committee_abbreviation, username=None):
    committee = Committee.objects.get(abbreviation=committee_abbreviation)
    user = UserFactory(username=username or f"{committee_abbreviation.lower()}-sekretaer")
    MembershipFactory(user=user, role=Role.COMMITTEE_SECRETARY, committee=committee)
    return user


def bif_staff(username="bif-medarbejder"):
    user = UserFactory(username=username)
    MembershipFactory(user=user, role=Role.BIF_STAFF)
    return user


def administrator(username="administrator"):
    user = UserFactory(username=username, is_staff=True, is_superuser=True)
    MembershipFactory(user=user, role=Role.ADMINISTRATOR)
    return user


class ReportingRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "redegorelse.ReportingRound"
        django_get_or_create = ["year"]

    year = 2009
    submission_deadline = factory.LazyAttribute(lambda r: datetime.date(r.year, 3, 31))
    # The policy covering the year; for years no policy covers, the 2007–2010 policy (as the
    # migration gives the rounds made before policies had periods of their own).
    policy = factory.LazyAttribute(lambda r: policy_for_year(r.year))


def policy_for_year(year):
    from barometer.models import Policy

    return Policy.objects.covering(year) or Policy.objects.get(start_year=2007)


def policy_covering(start_year, end_year, goals=2):
    """A later integration policy with a few goals of its own, so rounds can be opened in its years."""
    from barometer.models import Goal, Policy

    policy = Policy.objects.create(name="Integrationspolitik", start_year=start_year, end_year=end_year)
    for number in range(1, goals + 1):
        Goal.objects.create(
            policy=policy, number=number, area=f"Område {number}", text=f"Mål {number}.", target_text="Mål."
        )
    return policy


def report_for(department_abbreviation, by, year=2009):
    """A fresh draft report, created the way a case worker creates one."""
    from redegorelse.models import Report

    return Report.start(
        department=Department.objects.get(abbreviation=department_abbreviation),
        round=ReportingRoundFactory(year=year),
        by=by,
    )


def complete_report(report):
    """Fills in everything submission asks for, directly in the database."""
    from redegorelse.models import GoalAssessment, Report

    Report.objects.filter(pk=report.pk).update(
        case_number="2009-0123456",
        problem="Problemstillingen.",
        solution="Løsningen.",
        economy="Inden for eget budget.",
        next_steps="Halvårlige målinger.",
        signatory_1_name="Hjalte Aaberg",
        signatory_2_name="Ulrik Winge",
    )
    GoalAssessment.objects.filter(report=report).update(role="not_relevant", realistic="ikke_relevant")
    report.refresh_from_db()
    return report


def backdate_submission(report, day=datetime.date(2009, 3, 25)):
    """Moves the report's latest submission to `day` (spring 2009 by default), so that a decision
    on the source's meeting date, 22.04.2009, comes after it as a real one must."""
    from django.utils import timezone

    from redegorelse.models import Report, ReportRevision, RevisionKind

    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))
    submission = report.submissions.order_by("-version").first()
    type(submission).objects.filter(pk=submission.pk).update(submitted_at=at)
    Report.objects.filter(pk=report.pk).update(submitted_at=at)
    ReportRevision.objects.filter(report=report, version=submission.version, kind=RevisionKind.SUBMITTED).update(at=at)
    report.refresh_from_db()
    return report


def returned_report(worker, secretary, reasons):
    """TMF's report sent back by TMU on 15.04.2009 with `reasons` ([(section, text)]) and taken
    back to draft by the case worker, as it stands when they start fixing it."""
    from redegorelse import workflow
    from redegorelse.models import Outcome

    report = complete_report(report_for("TMF", worker))
    workflow.submit(report, by=worker)
    report = backdate_submission(report)
    workflow.record_decision(
        report,
        by=secretary,
        version=report.version,
        after_decision=None,
        meeting_date=datetime.date(2009, 4, 15),
        outcome=Outcome.RETURNED,
        decision_text="Indstillingen blev sendt tilbage til forvaltningen.",
        reasons=reasons,
    )
    report.refresh_from_db()
    workflow.resume_editing(report, by=worker)
    report.refresh_from_db()
    return report
