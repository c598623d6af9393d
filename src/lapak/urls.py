from django.contrib import admin
from django.urls import include, path

from lapak.api import api

urlpatterns = [
    path("", include("lapak.insights.urls")),
    path("", include("lapak.core.urls")),
    path("", include("lapak.accounts.urls")),
    path("", include("lapak.merchants.urls")),
    path("", include("lapak.catalog.urls")),
    path("", include("lapak.notifications.urls")),
    path("", include("lapak.orders.urls")),
    path("", include("lapak.payments.urls")),
    path("", include("lapak.program.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]
