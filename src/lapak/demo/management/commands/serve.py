import os
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand

from lapak.core.security import assert_production_ready


class Command(BaseCommand):
    help = "Production server (gunicorn), configured from the environment. Run `lapak migrate` first."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("LAPAK_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "3")))

    def handle(self, *args, bind, workers, **options):
        assert_production_ready()
        call_command("collectstatic", interactive=False, verbosity=0)
        os.execvp(
            sys.executable,
            [
                sys.executable,
                "-m",
                "gunicorn",
                "lapak.wsgi:application",
                "--bind",
                bind,
                "--workers",
                str(workers),
                "--access-logfile",
                "-",
                "--access-logformat",  # the path without its query: a registry search may carry a NIK
                '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(b)s %(L)s',
                "--forwarded-allow-ips",
                os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
            ],
        )
