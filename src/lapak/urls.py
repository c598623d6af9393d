from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from lapak.api import api


def public_media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)  # read per request: tests change it


urlpatterns = [
    path("", include("lapak.insights.urls")),
    path("", include("lapak.core.urls")),
    path("", include("lapak.accounts.urls")),
    path("", include("lapak.merchants.urls")),
    path("", include("lapak.catalog.urls")),
    path("", include("lapak.notifications.urls")),
    path("", include("lapak.orders.urls")),
    path("", include("lapak.payments.urls")),
    # Public images only (logos, product photos). Import uploads hold personal data and are never served.
    re_path(r"^media/(?P<path>(?:produk|logo)/[\w/.-]+)$", public_media),
    path("", include("lapak.program.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]
