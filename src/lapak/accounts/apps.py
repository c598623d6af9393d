from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "lapak.accounts"
    label = "accounts"
    verbose_name = "Akun"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .sessions import session_started

        user_logged_in.connect(session_started, dispatch_uid="lapak.accounts.session_started")
