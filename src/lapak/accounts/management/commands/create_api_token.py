from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from lapak.accounts.identifiers import user_by_identifier
from lapak.accounts.services import api_token_create


class Command(BaseCommand):
    help = "Create a bearer token for /api/v1/ that acts as an existing account, with its roles."

    def add_arguments(self, parser):
        parser.add_argument("login", help="the account's email, phone or NIP")
        parser.add_argument("--name", required=True, help="what the token is for, e.g. 'Sinkronisasi BKAD'")
        parser.add_argument(
            "--days", type=int, default=settings.LAPAK_API_TOKEN_DAYS, help="days until the token expires"
        )

    def handle(self, *args, login, name, days, **options):
        user = user_by_identifier(login)
        if user is None:
            raise CommandError(f"Tidak ada akun untuk {login}.")
        try:
            token, secret = api_token_create(user=user, name=name, actor=None, days=days)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"Token '{token.name}' untuk {user.name} ({', '.join(user.roles())}).")
        self.stdout.write(f"Berlaku sampai {token.expires_at:%Y-%m-%d %H:%M} UTC (prefiks {token.prefix}).")
        self.stdout.write("Simpan sekarang; token ini tidak bisa ditampilkan lagi:")
        self.stdout.write(secret)
