"""HTTP security headers and the production start-up guard."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class ContentSecurityPolicyMiddleware:
    """Sends the CSP from settings on every response: no inline script, nothing from another origin."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response


def assert_production_ready() -> None:
    """Called by every production entry point: refuse to serve with debug on or a known secret key."""
    problems = []
    if settings.DEBUG:
        problems.append("LAPAK_DEBUG is on; unset it in production.")
    if settings.SECRET_KEY == settings.DEV_SECRET_KEY or len(settings.SECRET_KEY) < 50:
        problems.append("SECRET_KEY is missing, the development default, or shorter than 50 characters.")
    if not settings.ALLOWED_HOSTS or "*" in settings.ALLOWED_HOSTS:
        problems.append("ALLOWED_HOSTS must name the host(s) Lapak is served on.")
    if problems:
        raise ImproperlyConfigured("Lapak refuses to start in production mode: " + " ".join(problems))
