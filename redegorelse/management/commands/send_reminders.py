"""Run from cron or a systemd timer, as often as you like (see docs/operations.md)."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from redegorelse.reminders import send_reminders


class Command(BaseCommand):
    help = "Sender påmindelser om frister for redegørelser, der ikke er indsendt. Sikker at køre mange gange."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Dato som dd.mm.åååå i stedet for i dag (til afprøvning)")

    def handle(self, *args, today=None, **options):
        day = None
        if today:
            try:
                day = datetime.datetime.strptime(today, "%d.%m.%Y").date()
            except ValueError:
                raise CommandError(f"Datoen {today!r} skal skrives som dd.mm.åååå.") from None
        sent = send_reminders(day)
        for reminder in sent:
            self.stdout.write(f"{reminder.department.abbreviation}: {reminder.get_kind_display()}")
        self.stdout.write(f"Påmindelser sendt: {len(sent)}.")
