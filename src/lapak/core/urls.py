from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("wilayah/desa/", views.desa_options, name="desa_options"),
]
