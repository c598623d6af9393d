from django.apps import AppConfig


class MerchantsConfig(AppConfig):
    name = "lapak.merchants"
    label = "merchants"
    verbose_name = "Usaha"
