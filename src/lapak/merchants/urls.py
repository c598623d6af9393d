from django.urls import path

from . import views

app_name = "merchants"
urlpatterns = [
    path("pasar/", views.directory, name="directory"),
    path("usaha/", views.owner_home, name="owner_home"),
    path("usaha/<int:pk>/", views.merchant_detail, name="detail"),
    path("koperasi/", views.koperasi_home, name="koperasi_home"),
]
