"""Demo users for every role, all with the password "demo". Only for development machines: the
command refuses to run with DEBUG off, so a production database never gets known passwords.
Running it again changes nothing."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils.module_loading import import_string

from organisation.models import Committee, Department, Membership, Role

DEMO_PASSWORD = "demo"

# Each app adds its own demo data after the users exist; each loader is idempotent and takes the
# command's stdout for a one-line summary.
DEMO_LOADERS: list[str] = ["barometer.demo.load", "redegorelse.demo.load"]

# username, first name, last name, role, department or committee abbreviation
DEMO_USERS = [
    ("tmf-sagsbehandler", "Mette", "Sørensen", Role.CASE_WORKER, "TMF"),
    ("buf-sagsbehandler", "Amir", "Hassan", Role.CASE_WORKER, "BUF"),
    ("sof-sagsbehandler", "Sofie", "Nielsen", Role.CASE_WORKER, "SOF"),
    ("kff-sagsbehandler", "Lars", "Kristensen", Role.CASE_WORKER, "KFF"),
    ("tmu-sekretaer", "Karen", "Holm", Role.COMMITTEE_SECRETARY, "TMU"),
    ("buu-sekretaer", "Peter", "Lund", Role.COMMITTEE_SECRETARY, "BUU"),
    ("kfu-sekretaer", "Hanne", "Vestergaard", Role.COMMITTEE_SECRETARY, "KFU"),
    ("bif-medarbejder", "Jonas", "Berg", Role.BIF_STAFF, None),
    ("admin", "Anne", "Admin", Role.ADMINISTRATOR, None),
]


class Command(BaseCommand):
    help = "Indlæser demobrugere (adgangskode: demo). Kører kun med DEBUG slået til."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "load_demo kører kun med DEBUG=1: demodata har kendte adgangskoder og hører ikke hjemme i drift."
            )
        # The demo's submissions and decisions notify people in the app, but send no e-mail.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"), transaction.atomic():
            created = load_demo_users()
            self.stdout.write(f"Demobrugere oprettet: {created}, i alt {len(DEMO_USERS)}.")
            for loader in DEMO_LOADERS:
                import_string(loader)(self.stdout)
        self.stdout.write(self.style.SUCCESS(demo_logins_text()))


def load_demo_users():
    User = get_user_model()
    created_count = 0
    for username, first_name, last_name, role, scope in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{username}@demo.kk.dk",
                "is_staff": role == Role.ADMINISTRATOR,
                "is_superuser": role == Role.ADMINISTRATOR,
            },
        )
        if created:
            # Only on creation: setting it again would re-salt the hash and change the row.
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            created_count += 1
        scope_fields = {}
        if role == Role.CASE_WORKER:
            scope_fields["department"] = Department.objects.get(abbreviation=scope)
        elif role == Role.COMMITTEE_SECRETARY:
            scope_fields["committee"] = Committee.objects.get(abbreviation=scope)
        Membership.objects.get_or_create(user=user, role=role, **scope_fields)
    return created_count


def demo_logins_text():
    lines = ["", "Demo-logins (adgangskode for alle: demo):"]
    for username, first_name, last_name, role, scope in DEMO_USERS:
        where = f", {scope}" if scope else ""
        lines.append(f"  {username:<20} {first_name} {last_name} – {role.label}{where}")
    return "\n".join(lines)
