"""API authentication: bearer tokens, and role checks for token-scoped endpoints."""

from ninja.errors import HttpError
from ninja.security import HttpBearer

from .services import api_token_user


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        return api_token_user(token)


def require_role(request, role: str) -> None:
    if not request.auth.has_role(role):
        raise HttpError(403, "Token ini tidak punya akses ke data ini.")
