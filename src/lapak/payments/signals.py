from django.dispatch import Signal

# Sent inside the refund's transaction with `entry` (the negative LedgerEntry): the program turns a refund
# of an order from an already closed month into a correction of the current month.
refund_recorded = Signal()
