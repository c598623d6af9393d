"""API authentication: bearer tokens, and role checks for token-scoped endpoints."""

from django.conf import settings
from ninja.errors import HttpError
from ninja.security import HttpBearer

from .services import api_token_user
from .throttle import api_token_failed, api_token_throttled


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        # An address that keeps sending wrong tokens is refused for a while, even with a right one.
        if api_token_throttled(request):
            minutes = settings.LAPAK_LOGIN_COOLOFF_MINUTES
            raise HttpError(
                429, f"Terlalu banyak token salah dari alamat ini. Coba lagi dalam {minutes} menit."
            )
        user = api_token_user(token)
        if user is None:
            api_token_failed(request)
        return user


def require_role(request, role: str) -> None:
    if not request.auth.has_role(role):
        raise HttpError(403, "Token ini tidak punya akses ke data ini.")
