from django.core.management.base import BaseCommand

from lapak.orders.instore import instore_expire
from lapak.orders.services import orders_autocomplete, orders_expire, recent_orders_refresh


class Command(BaseCommand):
    help = (
        "Cancel unpaid orders past their deadline, complete handed-over orders the buyer did not confirm, "
        "expire unconfirmed in-store claims, and recount shops' recent orders for search. Idempotent: run it "
        "from cron every few minutes."
    )

    def handle(self, *args, **options):
        expired, completed, shops = orders_expire(), orders_autocomplete(), recent_orders_refresh()
        claims = instore_expire()
        self.stdout.write(
            f"expired={expired} completed={completed} shops_recounted={shops} claims_expired={claims}"
        )
