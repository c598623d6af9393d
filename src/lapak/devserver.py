"""The unguarded WSGI app for `lapak demo` / `lapak runserver` only (settings.WSGI_APPLICATION).
Production servers load lapak.wsgi, which refuses to start with debug on or a default secret."""

from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()
