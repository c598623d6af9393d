"""Login throttling on django-axes: per account and per address, state in the database (every worker sees
it), and the failed-bearer-token limit of the API in the shared cache. Policy: docs/security.md."""

import hashlib

from axes.handlers.database import AxesDatabaseHandler
from axes.utils import reset as axes_reset
from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import gettext as _

from .identifiers import user_by_identifier


def lockout_message() -> str:
    return _(
        "Terlalu banyak percobaan masuk. Coba lagi dalam %(minutes)d menit, atau atur ulang kata sandi."
    ) % {"minutes": settings.LAPAK_LOGIN_COOLOFF_MINUTES}


def account_key(user) -> str:
    return f"user:{user.pk}"


def throttle_key(request, credentials: dict | None) -> str:
    """One key per account however its NIP, phone or email is typed; unknown identifiers are hashed so
    the attempts table holds no personal data in clear."""
    credentials = credentials or {}
    typed = credentials.get("identifier") or credentials.get("username") or ""
    user = user_by_identifier(typed)
    if user is not None:
        return account_key(user)
    return "unknown:" + hashlib.sha256(typed.strip().lower().encode()).hexdigest()[:32]


class LoginThrottleHandler(AxesDatabaseHandler):
    """Axes applies one failure limit to every lockout parameter; an address gets its own, higher limit.
    The address's failures are scaled to the account limit: floor(a * L / A) >= L exactly when a >= A."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        by_account, by_address = (
            attempts.values_list("failures_since_start", flat=True)
            for attempts in self.get_user_attempts(request, credentials)
        )
        account_limit = settings.AXES_FAILURE_LIMIT
        address_failures = sum(by_address) * account_limit // settings.LAPAK_LOGIN_ADDRESS_FAILURE_LIMIT
        return max(sum(by_account), address_failures)


def lockout_response(request, original_response=None, credentials=None):
    from .forms import LoginForm

    form = LoginForm(request)
    return render(
        request,
        "accounts/login.html",
        {"form": form, "lockout": lockout_message(), "next": request.GET.get("next", "")},
        status=429,
    )


def login_throttle_clear(user) -> None:
    """A successful login or a password reset ends the account's lock (not its address's)."""
    axes_reset(username=account_key(user))


def client_address(request) -> str:
    """The address that is counted. Behind our proxy, the last X-Forwarded-For entry is the one the proxy
    appended (earlier entries are whatever the client sent); otherwise the peer's address."""
    if settings.LAPAK_BEHIND_PROXY:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if forwarded[-1]:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR", "")


def _api_failures_key(request) -> str:
    return f"lapak:api-token-failures:{client_address(request)}"


def api_token_throttled(request) -> bool:
    return cache.get(_api_failures_key(request), 0) >= settings.LAPAK_API_TOKEN_FAILURE_LIMIT


def api_token_failed(request) -> None:
    key = _api_failures_key(request)
    # add() starts the window; incr() is atomic in Redis and in the per-process memory cache.
    if not cache.add(key, 1, timeout=settings.LAPAK_LOGIN_COOLOFF_MINUTES * 60):
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, timeout=settings.LAPAK_LOGIN_COOLOFF_MINUTES * 60)
