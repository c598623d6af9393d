from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "lapak.payments"
    label = "payments"
    verbose_name = "Pembayaran"

    def ready(self):
        from lapak.orders.money import Money, register

        from .selectors import payment_panel
        from .services import payment_confirm
        from .views import shop_payment_action

        register(
            Money(
                panel=payment_panel,
                shop_action=shop_payment_action,
                confirm=lambda order, actor: payment_confirm(order=order, actor=actor),
            )
        )
