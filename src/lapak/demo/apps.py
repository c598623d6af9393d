from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "lapak.demo"
    label = "demo"
    verbose_name = "Demo"
