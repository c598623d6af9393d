from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "lapak.orders"
    label = "orders"
    verbose_name = "Pesanan"
