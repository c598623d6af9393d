from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [path("notifikasi/", views.inbox, name="inbox")]
