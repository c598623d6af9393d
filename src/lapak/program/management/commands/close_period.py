import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from lapak.program.close import period_close


class Command(BaseCommand):
    help = "Close a month (YYYY-MM) after its grace period: seal every ASN's obligation, spend and status."

    def add_arguments(self, parser):
        parser.add_argument("month", help="e.g. 2026-11")

    def handle(self, *args, month, **options):
        try:
            period = datetime.datetime.strptime(month, "%Y-%m").date()
        except ValueError as exc:
            raise CommandError(
                f"Tulis bulan sebagai TAHUN-BULAN, misalnya 2026-11 (bukan {month!r})."
            ) from exc
        try:
            close = period_close(period=period, actor=None)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            f"{period:%Y-%m} version {close.version}: {close.lines_count} ASN, sha256 {close.sha256}"
        )
