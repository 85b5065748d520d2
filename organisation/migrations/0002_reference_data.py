"""The seven forvaltninger of Københavns Kommune, their udvalg and Borgerrepræsentationen,
with the abbreviations used in the municipality's documents (source: docs/domain.md)."""

from django.db import migrations

DEPARTMENTS = [
    ("ØKF", "Økonomiforvaltningen", "ØU", "Økonomiudvalget"),
    ("BUF", "Børne- og Ungdomsforvaltningen", "BUU", "Børne- og Ungdomsudvalget"),
    ("KFF", "Kultur- og Fritidsforvaltningen", "KFU", "Kultur- og Fritidsudvalget"),
    ("SUF", "Sundheds- og Omsorgsforvaltningen", "SUU", "Sundheds- og Omsorgsudvalget"),
    ("SOF", "Socialforvaltningen", "SOU", "Socialudvalget"),
    ("TMF", "Teknik- og Miljøforvaltningen", "TMU", "Teknik- og Miljøudvalget"),
    ("BIF", "Beskæftigelses- og Integrationsforvaltningen", "BIU", "Beskæftigelses- og Integrationsudvalget"),
]


def load(apps, schema_editor):
    Department = apps.get_model("organisation", "Department")
    Committee = apps.get_model("organisation", "Committee")
    CityCouncil = apps.get_model("organisation", "CityCouncil")
    for abbreviation, name, committee_abbreviation, committee_name in DEPARTMENTS:
        department, _ = Department.objects.update_or_create(abbreviation=abbreviation, defaults={"name": name})
        Committee.objects.update_or_create(
            abbreviation=committee_abbreviation, defaults={"name": committee_name, "department": department}
        )
    CityCouncil.objects.update_or_create(abbreviation="BR", defaults={"name": "Borgerrepræsentationen"})


def unload(apps, schema_editor):
    apps.get_model("organisation", "Committee").objects.filter(abbreviation__in=[d[2] for d in DEPARTMENTS]).delete()
    apps.get_model("organisation", "Department").objects.filter(abbreviation__in=[d[0] for d in DEPARTMENTS]).delete()
    apps.get_model("organisation", "CityCouncil").objects.filter(abbreviation="BR").delete()


class Migration(migrations.Migration):
    dependencies = [("organisation", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
