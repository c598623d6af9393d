from django.urls import path, re_path

from . import views

app_name = "core"
urlpatterns = [
    path("wilayah/desa/", views.desa_options, name="desa_options"),
    # Checked in the view: public folders only, no traversal (the URL is decoded before it is matched).
    re_path(r"^media/(?P<path>.*)$", views.public_media),
]
