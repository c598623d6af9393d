import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lapak.settings")
application = get_asgi_application()

from lapak.core.security import assert_production_ready  # noqa: E402  (needs settings loaded)

assert_production_ready()
