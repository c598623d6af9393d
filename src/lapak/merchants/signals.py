"""What other capabilities may react to. Sent inside the transaction that made the change."""

from django.dispatch import Signal

# merchant_ids: the merchants whose registry data, status, permits or order count changed; None for all
# (an eligibility policy change).
merchants_changed = Signal()
