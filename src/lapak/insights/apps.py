from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "lapak.insights"
    label = "insights"
    verbose_name = "Wawasan"
