"""The money side of an order page, which the payments app (above orders) provides.

Imports flow one way, so orders never imports payments; payments registers these three functions at start-up
(PaymentsConfig.ready). Tests and pages always run with it installed."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Money:
    panel: Callable  # (order) -> what the page shows: how to pay, paid, owed back
    shop_action: Callable  # (request, order, action) -> None, for the shop's money buttons
    confirm: Callable  # (order, actor) -> None, the shop saw the money arrive


provider: Money | None = None


def register(money: Money) -> None:
    global provider
    provider = money
