import time

from django.core.management.base import BaseCommand

from lapak.insights import dashboard


class Command(BaseCommand):
    help = (
        "Recompute the DKUPP dashboard's usual ranges into the cache, so no visitor waits for them "
        "(cron, more often than LAPAK_DASHBOARD_CACHE_SECONDS; needs LAPAK_CACHE_URL to reach the server)."
    )

    def handle(self, *args, **options):
        for chosen in dashboard.refreshed_ranges():
            started = time.perf_counter()
            dashboard.refresh(chosen)
            self.stdout.write(f"{chosen.slug}: {time.perf_counter() - started:.1f} s")
