"""Session lifetime: when a login happened, when it was last used, when the password was last confirmed."""

import time

from django.conf import settings

from .roles import ADMIN_ROLES

LOGIN_AT = "lapak_login_at"
SEEN_AT = "lapak_seen_at"
AUTH_AT = "lapak_auth_at"  # last password (and code) confirmation, for recent_auth_required
SEEN_GRANULARITY = 60  # seconds: the session is saved at most once a minute for being used


def session_started(sender, request, user, **kwargs) -> None:
    """user_logged_in receiver: Django has already given the session a new key (cycle_key)."""
    now = time.time()
    request.session[LOGIN_AT] = request.session[SEEN_AT] = request.session[AUTH_AT] = now


def _over(limits: tuple[int, int], idle: float, age: float) -> bool:
    return idle > limits[0] or age > limits[1]


def _staff_limits() -> tuple[int, int]:
    return settings.LAPAK_SESSION_IDLE_MINUTES_STAFF * 60, settings.LAPAK_SESSION_MAX_HOURS_STAFF * 3600


def _limits() -> tuple[int, int]:
    return settings.LAPAK_SESSION_IDLE_MINUTES * 60, settings.LAPAK_SESSION_MAX_HOURS * 3600


def session_expired(request) -> bool:
    """True when the session has been idle or alive too long; otherwise records that it was used."""
    session, now = request.session, time.time()
    login_at, seen_at = session.get(LOGIN_AT), session.get(SEEN_AT)
    if login_at is None or seen_at is None:  # a session from before these limits: start counting now
        session[LOGIN_AT] = session[SEEN_AT] = now
        return False
    idle, age = now - seen_at, now - login_at
    # Within the shorter of both limits nobody's session ends: the roles are read only past them.
    shortest = tuple(min(pair) for pair in zip(_staff_limits(), _limits(), strict=True))
    if _over(shortest, idle, age):
        desk = any(role in ADMIN_ROLES for role in request.user.roles())
        if _over(_staff_limits() if desk else _limits(), idle, age):
            return True
    if now - seen_at > SEEN_GRANULARITY:
        session[SEEN_AT] = now
    return False


def recently_authenticated(request, minutes: int) -> bool:
    return time.time() - request.session.get(AUTH_AT, 0) <= minutes * 60


def mark_authenticated(request) -> None:
    request.session[AUTH_AT] = time.time()
