"""What happens after a refund, registered explicitly by the layer above (payments cannot import the program).

`program.apps` registers `program.corrections.correction_for_refund`: a refund of an order from a closed month
becomes a correction of the month it is made in. Hooks run inside the refund's transaction, in the order they
were registered; an exception rolls the refund back."""

_after_refund = []


def after_refund_register(hook) -> None:
    """`hook(entry=...)` is called with each refund's negative LedgerEntry."""
    if hook not in _after_refund:
        _after_refund.append(hook)


def after_refund(entry) -> None:
    for hook in _after_refund:
        hook(entry=entry)
