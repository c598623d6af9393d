from django.urls import path

from . import views

app_name = "program"
urlpatterns = [
    path("asn/", views.asn_home, name="asn_home"),
    path("opd/", views.opd_home, name="opd_home"),
    path("opd/<str:code>/", views.opd_detail, name="opd_detail"),
]
