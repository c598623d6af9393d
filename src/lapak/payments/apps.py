from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "lapak.payments"
    label = "payments"
    verbose_name = "Pembayaran"
