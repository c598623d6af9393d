from django.core.management.base import BaseCommand

from lapak.catalog.listing import expired_permits_refresh
from lapak.orders.instore import instore_expire
from lapak.orders.services import orders_autocomplete, orders_expire, recent_orders_refresh


class Command(BaseCommand):
    help = (
        "Cancel unpaid orders past their deadline, complete handed-over orders the buyer did not confirm, "
        "expire unconfirmed in-store claims, recount shops' recent orders for search, and drop products from "
        "the halal filter once their shop's halal permit has expired. Idempotent: run it from cron every few "
        "minutes."
    )

    def handle(self, *args, **options):
        expired, completed, shops = orders_expire(), orders_autocomplete(), recent_orders_refresh()
        claims, halal = instore_expire(), expired_permits_refresh()
        self.stdout.write(
            f"expired={expired} completed={completed} shops_recounted={shops} claims_expired={claims} "
            f"halal_expired_products={halal}"
        )
