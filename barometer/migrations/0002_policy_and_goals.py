"""Københavns Kommune's integration policy 2007–2010 and its six goals. The goal texts are the
source document's wording (TMF's 1. redegørelse, 2009); where the source gives no measurable
target, the target is marked as plausible rather than sourced."""

from django.db import migrations

SOURCE = "source"
PLAUSIBLE = "plausible"

GOALS = [
    (
        1,
        "Beskæftigelse",
        "Københavns Kommune vil i perioden til og med år 2010 øge andelen af beskæftigede indvandrere "
        "med 10 procentpoint til ca. 57 pct.",
        "Andelen af beskæftigede indvandrere øges med 10 procentpoint til ca. 57 pct. i 2010.",
        SOURCE,
    ),
    (
        2,
        "Uddannelse",
        "Københavns Kommune vil lukke præstationsgabet mellem et- og tosprogede børn i løbet af de næste otte år",
        "Præstationsgabet mellem et- og tosprogede børn er lukket i løbet af otte år (karaktergab 0).",
        SOURCE,
    ),
    (
        3,
        "Bolig",
        "Der må ikke komme nye udsatte boligområder i Københavns Kommune. Og andelen af personer uden "
        "tilknytning til arbejdsmarkedet i de udsatte boligområder skal reduceres med ti procentpoint "
        "frem til år 2010",
        "Ingen nye udsatte boligområder, og andelen uden tilknytning til arbejdsmarkedet i de udsatte "
        "boligområder reduceres med 10 procentpoint frem til 2010.",
        SOURCE,
    ),
    (
        4,
        "Tryghed",
        "At unge indvandrere i 2010 har en kriminalitetsfrekvens på niveau med andre unge danskere, "
        "når der tages højde for den sociale fordeling",
        "Unge indvandreres kriminalitetsfrekvens i forhold til alle unge, korrigeret for social fordeling, "
        "er 1,0 i 2010.",
        PLAUSIBLE,
    ),
    (
        5,
        "Kultur og fritid",
        "Det er Københavns Kommunes ambition, at indvandrere ved udløbet af 2010 deltager i kultur- og "
        "fritidslivet i samme grad som etniske danskere",
        "Forskellen i deltagelse i kultur- og fritidslivet mellem indvandrere og etniske danskere er "
        "0 procentpoint ved udgangen af 2010.",
        PLAUSIBLE,
    ),
    (
        6,
        "Sundhed",
        "Forskellene i etniske danskeres og indvandreres sundhedstilstand skal udlignes",
        "Forskellen i selvvurderet godt helbred mellem etniske danskere og indvandrere er 0 procentpoint.",
        PLAUSIBLE,
    ),
]


def load(apps, schema_editor):
    Policy = apps.get_model("barometer", "Policy")
    Goal = apps.get_model("barometer", "Goal")
    policy, _ = Policy.objects.update_or_create(
        name="Københavns Kommunes integrationspolitik", defaults={"start_year": 2007, "end_year": 2010}
    )
    for number, area, text, target_text, target_source in GOALS:
        Goal.objects.update_or_create(
            policy=policy,
            number=number,
            defaults={"area": area, "text": text, "target_text": target_text, "target_source": target_source},
        )


def unload(apps, schema_editor):
    Policy = apps.get_model("barometer", "Policy")
    Goal = apps.get_model("barometer", "Goal")
    Goal.objects.filter(policy__name="Københavns Kommunes integrationspolitik").delete()
    Policy.objects.filter(name="Københavns Kommunes integrationspolitik").delete()


class Migration(migrations.Migration):
    dependencies = [("barometer", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
