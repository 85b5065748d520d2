"""The data `make load` runs against: the benchmark's L round (tests/bench/generate.py, the 2009
round with 40 approved reports and 90 indicators) and, on top of it, the 2010 round as it looks
mid-round: every forvaltning's draft, started from 2009, with 48 indsatser and a long history.
Plus the people who use it: one case worker per forvaltning, one secretary per udvalg, BIF staff.

Writes a JSON plan (users and the URLs each of them works on) for the locustfile. Run again on the
same database, it adds nothing and writes the same plan."""

import datetime
import json
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "belastning"
INITIATIVES = 48
REVISIONS = 355


def prepare():
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import transaction

    from organisation.models import Committee, Department, Membership, Role
    from redegorelse.models import FieldChange, Initiative, Report, ReportingRound, ReportRevision, RevisionKind
    from tests.bench.generate import WORDS, generate, paragraph

    call_command("migrate", verbosity=0)
    if not ReportingRound.objects.filter(year=2009).exists():
        print("Genererer L-data (2009) …", flush=True)
        generate("L")
    User = get_user_model()
    rng = random.Random(2010)
    departments = list(Department.objects.filter(reports__round__year=2009).order_by("abbreviation"))
    round_2010, _created = ReportingRound.objects.get_or_create(
        year=2010, defaults={"submission_deadline": datetime.date(2010, 3, 31)}
    )
    author = User.objects.get(username="benchmark")
    for department in departments:
        if Report.objects.filter(department=department, round=round_2010).exists():
            continue
        with transaction.atomic():
            report = Report.start(department=department, round=round_2010, by=author, copy_previous=True)
            goals = [a.goal for a in report.assessments.select_related("goal")[:2]]
            have = report.initiatives.count()
            added = Initiative.objects.bulk_create(
                Initiative(
                    report=report,
                    position=n,
                    name=f"Indsats {n}: {rng.choice(WORDS)}",
                    description=paragraph(rng, 3),
                    results=paragraph(rng, 2),
                    progress="on_track",
                )
                for n in range(have + 1, INITIATIVES + 1)
            )
            Through = Initiative.goals.through
            Through.objects.bulk_create(Through(initiative_id=i.pk, goal_id=g.pk) for i in added for g in goals)
            start = report.revisions.count()
            revisions = ReportRevision.objects.bulk_create(
                ReportRevision(report=report, version=start + n, by=author, kind=RevisionKind.EDITED)
                for n in range(1, REVISIONS - start + 1)
            )
            FieldChange.objects.bulk_create(
                FieldChange(revision=r, label="Problemstilling", old=paragraph(rng, 2), new=paragraph(rng, 2))
                for r in revisions
            )
            Report.objects.filter(pk=report.pk).update(version=REVISIONS)
    users = {"case_workers": [], "secretaries": [], "bif": []}
    for department in departments:
        committee = Committee.objects.get(department=department)
        draft = Report.objects.get(department=department, round=round_2010)
        approved = Report.objects.get(department=department, round__year=2009)
        case_worker = _user(
            User,
            Membership,
            f"belastning-sag-{department.abbreviation.lower()}",
            role=Role.CASE_WORKER,
            department=department,
        )
        secretary = _user(
            User,
            Membership,
            f"belastning-sek-{committee.abbreviation.lower()}",
            role=Role.COMMITTEE_SECRETARY,
            committee=committee,
        )
        users["case_workers"].append(
            {"username": case_worker, "department": department.abbreviation, "draft": draft.pk, "approved": approved.pk}
        )
        users["secretaries"].append(
            {"username": secretary, "committee": committee.abbreviation, "approved": approved.pk, "draft": draft.pk}
        )
    for n in range(1, 6):
        users["bif"].append({"username": _user(User, Membership, f"belastning-bif-{n}", role=Role.BIF_STAFF)})
    from barometer.models import Indicator

    return {
        "password": PASSWORD,
        "users": users,
        "indicators": list(Indicator.objects.order_by("code").values_list("code", flat=True)),
        "years": [2009, 2010],
    }


def _user(User, Membership, username, **membership):
    user, created = User.objects.get_or_create(username=username, defaults={"first_name": "Belastning"})
    if created:
        user.set_password(PASSWORD)
        user.save()
        Membership.objects.create(user=user, **membership)
    return username


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    plan = prepare()
    Path(sys.argv[1]).write_text(json.dumps(plan, indent=1))
    print(f"Plan skrevet til {sys.argv[1]}", flush=True)
