from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from lapak.demo.seed import DEMO_LOGINS, DEMO_PASSWORD, is_seeded


class Command(BaseCommand):
    help = "Embedded demo: SQLite under ./var/, migrated, seeded once, served on http://127.0.0.1:8000."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="delete the demo database and start over")
        parser.add_argument("--addr", default="127.0.0.1:8000", help="address:port to serve on")
        parser.add_argument("--umkm", type=int, default=400)
        parser.add_argument("--asn", type=int, default=300)
        parser.add_argument(
            "--no-serve", action="store_true", help="prepare the data, do not start the server"
        )

    def handle(self, *args, reset, addr, umkm, asn, no_serve, **options):
        database = settings.DATABASES["default"]
        if database["ENGINE"] != "django.db.backends.sqlite3":
            raise CommandError("`lapak demo` uses the embedded SQLite database; unset DATABASE_URL.")
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        if reset:
            from django.db import connections

            connections.close_all()
            for suffix in ("", "-wal", "-shm"):
                Path(f"{database['NAME']}{suffix}").unlink(missing_ok=True)
            self.stdout.write("Demo database removed; starting over.")
        call_command("migrate", verbosity=0)
        if is_seeded():
            self.stdout.write("Reusing the demo data in var/ (use --reset to start over).")
        else:
            call_command("seed", umkm=umkm, asn=asn, months=6, seed=2026, stdout=self.stdout)
        self._print_logins(addr)
        if not no_serve:
            call_command("runserver", addr, use_reloader=False)

    def _print_logins(self, addr):
        self.stdout.write(
            self.style.SUCCESS(f"\nLapak demo — http://{addr}/   kata sandi semua akun: {DEMO_PASSWORD}")
        )
        for login in DEMO_LOGINS:
            self.stdout.write(f"  {login.role.label:<16} {login.login:<26} {login.name} ({login.note})")
        self.stdout.write("")
