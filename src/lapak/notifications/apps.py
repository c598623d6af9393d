from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "lapak.notifications"
    label = "notifications"
    verbose_name = "Notifikasi"
