import time
from functools import partial

from django.core.management.base import BaseCommand

from lapak.insights import dashboard, public


class Command(BaseCommand):
    help = (
        "Recompute the DKUPP dashboard's usual ranges and the public statistics into the cache, so no "
        "visitor waits for them (cron, more often than LAPAK_DASHBOARD_CACHE_SECONDS; needs LAPAK_CACHE_URL "
        "to reach the server's workers)."
    )

    def handle(self, *args, **options):
        jobs = [(chosen.slug, partial(dashboard.refresh, chosen)) for chosen in dashboard.refreshed_ranges()]
        jobs.append(("statistik", public.refresh))
        for name, job in jobs:
            started = time.perf_counter()
            job()
            self.stdout.write(f"{name}: {time.perf_counter() - started:.1f} s")
