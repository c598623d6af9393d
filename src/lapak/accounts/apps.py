from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "lapak.accounts"
    label = "accounts"
    verbose_name = "Akun"
