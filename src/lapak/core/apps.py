from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "lapak.core"
    label = "core"
    verbose_name = "Inti"

    def ready(self):
        from .audit_access import connect

        connect()
