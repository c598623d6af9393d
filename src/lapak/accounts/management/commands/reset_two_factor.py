from django.core.management.base import BaseCommand, CommandError

from lapak.accounts.identifiers import user_by_identifier
from lapak.accounts.two_factor import two_factor_disable


class Command(BaseCommand):
    help = "Remove an account's authenticator and recovery codes (a lost phone): it enrols again at login."

    def add_arguments(self, parser):
        parser.add_argument("login", help="the account's email, phone or NIP")

    def handle(self, *args, login, **options):
        user = user_by_identifier(login)
        if user is None:
            raise CommandError(f"Tidak ada akun untuk {login}.")
        two_factor_disable(user=user, actor=None)
        self.stdout.write(f"Verifikasi dua langkah {user.name} dihapus; pasang lagi saat masuk berikutnya.")
