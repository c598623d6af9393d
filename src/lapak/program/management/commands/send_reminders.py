from django.core.management.base import BaseCommand

from lapak.program.reminders import reminders_send


class Command(BaseCommand):
    help = "Remind ASN still short of this month's obligation, at LAPAK_REMINDER_DAYS before the deadline."

    def handle(self, *args, **options):
        self.stdout.write(f"reminded={reminders_send()}")
