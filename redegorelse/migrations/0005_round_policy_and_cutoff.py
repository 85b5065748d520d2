"""Every round keeps the policy in force for its year and the half-year its barometer data ends
with. Existing rounds get the policy covering their year (the 2007–2010 policy for the rounds
made so far, which is also taken when no policy covers the year) and the default cut-off: the
latest half-year ended before the round's common deadline."""

import django.db.models.deletion
from django.db import migrations, models


def assign(apps, schema_editor):
    Policy = apps.get_model("barometer", "Policy")
    ReportingRound = apps.get_model("redegorelse", "ReportingRound")
    fallback = (
        Policy.objects.filter(start_year=2007, end_year=2010).first() or Policy.objects.order_by("start_year").first()
    )
    for round in ReportingRound.objects.all():
        policy = Policy.objects.filter(start_year__lte=round.year, end_year__gte=round.year).first() or fallback
        if policy is None:
            policy = Policy.objects.create(name="Integrationspolitik", start_year=round.year, end_year=round.year)
        deadline = round.submission_deadline
        year, half = (deadline.year, 1) if deadline.month > 6 else (deadline.year - 1, 2)
        year = min(year, round.year)
        ReportingRound.objects.filter(pk=round.pk).update(policy=policy, data_cutoff_year=year, data_cutoff_half=half)


class Migration(migrations.Migration):
    dependencies = [
        ("barometer", "0004_goal_committee"),
        ("redegorelse", "0004_statusreport_export"),
    ]

    operations = [
        migrations.AddField(
            model_name="reportinground",
            name="policy",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="rounds",
                to="barometer.policy",
                verbose_name="integrationspolitik",
            ),
        ),
        migrations.AddField(
            model_name="reportinground",
            name="data_cutoff_year",
            field=models.PositiveSmallIntegerField(null=True, verbose_name="barometerdata til og med år"),
        ),
        migrations.AddField(
            model_name="reportinground",
            name="data_cutoff_half",
            field=models.PositiveSmallIntegerField(
                choices=[(1, "1. halvår"), (2, "2. halvår")], null=True, verbose_name="barometerdata til og med halvår"
            ),
        ),
        migrations.RunPython(assign, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="reportinground",
            name="policy",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="rounds",
                to="barometer.policy",
                verbose_name="integrationspolitik",
            ),
        ),
        migrations.AlterField(
            model_name="reportinground",
            name="data_cutoff_year",
            field=models.PositiveSmallIntegerField(verbose_name="barometerdata til og med år"),
        ),
        migrations.AlterField(
            model_name="reportinground",
            name="data_cutoff_half",
            field=models.PositiveSmallIntegerField(
                choices=[(1, "1. halvår"), (2, "2. halvår")], verbose_name="barometerdata til og med halvår"
            ),
        ),
        migrations.AddConstraint(
            model_name="reportinground",
            constraint=models.CheckConstraint(
                condition=models.Q(data_cutoff_half__in=[1, 2]), name="round_cutoff_half"
            ),
        ),
        migrations.AddConstraint(
            model_name="reportinground",
            constraint=models.CheckConstraint(
                condition=models.Q(data_cutoff_year__lte=models.F("year")), name="round_cutoff_not_after_year"
            ),
        ),
    ]
