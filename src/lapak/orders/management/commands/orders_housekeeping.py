from django.core.management.base import BaseCommand

from lapak.orders.services import orders_autocomplete, orders_expire, recent_orders_refresh


class Command(BaseCommand):
    help = (
        "Cancel unpaid orders past their deadline, complete handed-over orders the buyer did not confirm, "
        "and recount shops' recent orders for search. Idempotent: run it from cron every few minutes."
    )

    def handle(self, *args, **options):
        expired, completed, shops = orders_expire(), orders_autocomplete(), recent_orders_refresh()
        self.stdout.write(f"expired={expired} completed={completed} shops_recounted={shops}")
