from pathlib import Path

from django.conf import settings
from django.contrib import admin
from django.http import Http404
from django.urls import include, path, re_path
from django.views.static import serve

from lapak.api import api

PUBLIC_MEDIA_FOLDERS = ("produk", "logo")


def public_media(request, folder, path):
    """Product photos and logos only. Each folder is its own document root, so no spelling of `..` (decoded
    by Django before this runs, or normalised by `serve`) can reach a sibling folder of private uploads."""
    if folder not in PUBLIC_MEDIA_FOLDERS or ".." in path.split("/") or "\\" in path or "\0" in path:
        raise Http404
    return serve(request, path, document_root=Path(settings.MEDIA_ROOT) / folder)  # per request: tests


urlpatterns = [
    path("", include("lapak.insights.urls")),
    path("", include("lapak.core.urls")),
    path("", include("lapak.accounts.urls")),
    path("", include("lapak.merchants.urls")),
    path("", include("lapak.catalog.urls")),
    path("", include("lapak.notifications.urls")),
    path("", include("lapak.orders.urls")),
    path("", include("lapak.payments.urls")),
    # Public images only (logos, product photos). Private uploads (imports, transfer proofs, receipts,
    # appeal evidence) are never served from a path: only through views that check who asks.
    re_path(r"^media/(?P<folder>produk|logo)/(?P<path>[\w/.-]+)$", public_media),
    path("", include("lapak.program.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]
