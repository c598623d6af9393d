from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from .sessions import session_expired
from .two_factor import two_factor_enrolled, two_factor_required

SESSION_KEY = "lapak_role"


def active_role(request) -> str | None:
    """The role the user acts as: the one chosen in this session if still held, else the highest held."""
    user = request.user
    if not user.is_authenticated:
        return None
    roles = user.roles()
    chosen = request.session.get(SESSION_KEY)
    if chosen in roles:
        return chosen
    return roles[0] if roles else None


class ActiveRoleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.role = SimpleLazyObject(lambda: active_role(request))
        return self.get_response(request)


class SessionLimitsMiddleware:
    """Logs out a session idle or alive past its limits (accounts.sessions); the login page says why."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and session_expired(request):
            logout(request)
            messages.info(request, _("Sesi Anda sudah berakhir. Silakan masuk lagi."))
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)


class TwoFactorRequiredMiddleware:
    """Desk roles reach nothing but the two-factor pages until this session has passed a code
    (enrolling first if they have no authenticator yet)."""

    OPEN_PREFIXES = ("/static/", "/media/", "/i18n/", "/api/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and two_factor_required(user)
            and not request.path.startswith(self.OPEN_PREFIXES)
            and request.path not in self._open_paths()
        ):
            target = (
                "accounts:two_factor_verify" if two_factor_enrolled(user) else "accounts:two_factor_setup"
            )
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _open_paths() -> set[str]:
        names = ("two_factor_verify", "two_factor_setup", "logout")
        return {reverse(f"accounts:{name}") for name in names}
