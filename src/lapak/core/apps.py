from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "lapak.core"
    label = "core"
    verbose_name = "Inti"
