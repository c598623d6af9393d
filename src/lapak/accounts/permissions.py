"""Server-side role checks. Scope (which OPD, which business) is checked by each domain's selectors."""

from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse

from lapak.core.audit_access import audit_refusal

from .middleware import SESSION_KEY
from .sessions import recently_authenticated


def role_required(*roles: str):
    """The view is for people holding one of `roles`. A person who holds it but acts as another role
    is switched to it (the header shows the switch); anyone else gets 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if str(request.role) not in roles:
                held = [r for r in request.user.roles() if r in roles]
                if not held:
                    audit_refusal(request=request, reason=f"role {request.role} for {'/'.join(roles)}")
                    raise PermissionDenied
                request.session[SESSION_KEY] = held[0]
                request.role = held[0]
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def recent_auth_required(minutes: int | None = None):
    """The view changes something that matters (closing a month, a rule, an API token): the person must have
    typed their password (and code, if enrolled) within `minutes` (settings.LAPAK_REAUTH_MINUTES).
    Otherwise they confirm it and come back to this page."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not recently_authenticated(request, minutes or settings.LAPAK_REAUTH_MINUTES):
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('accounts:reauth')}?{query}")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
