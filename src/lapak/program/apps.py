from django.apps import AppConfig


class ProgramConfig(AppConfig):
    name = "lapak.program"
    label = "program"
    verbose_name = "Program"
