from django.core.management.base import BaseCommand, CommandError

from lapak.accounts.models import ApiToken
from lapak.accounts.services import api_token_revoke


class Command(BaseCommand):
    help = "Revoke an API token by the prefix `create-api-token` printed (or the token itself)."

    def add_arguments(self, parser):
        parser.add_argument("prefix", help="the token's first 8 characters, e.g. lpk_AbC1")

    def handle(self, *args, prefix, **options):
        tokens = list(ApiToken.objects.filter(prefix=prefix[:8], revoked_at=None).select_related("user"))
        if len(tokens) != 1:
            found = "Tidak ada token aktif" if not tokens else f"{len(tokens)} token aktif"
            raise CommandError(f"{found} dengan prefiks {prefix[:8]}; cabut lewat /admin/.")
        token = api_token_revoke(token=tokens[0], actor=None)
        self.stdout.write(f"Token '{token.name}' milik {token.user.name} dicabut.")
