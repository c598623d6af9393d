from django.urls import path

from . import views

app_name = "insights"
urlpatterns = [
    path("", views.home, name="home"),
    path("statistik/", views.statistics, name="statistics"),
    path("dkupp/", views.dkupp_home, name="dkupp_home"),
    path("pimpinan/", views.pimpinan_home, name="pimpinan_home"),
]
