from django.urls import path, re_path

from . import views

app_name = "program"
urlpatterns = [
    path("asn/", views.asn_home, name="asn_home"),
    path("opd/", views.opd_home, name="opd_home"),
    path("opd/<str:code>/", views.opd_detail, name="opd_detail"),
    path("asn/riwayat/", views.asn_history, name="asn_history"),
    path("dkupp/banding/", views.appeals_queue, name="appeals"),
    path("banding/<int:pk>/bukti/", views.appeal_evidence, name="appeal_evidence"),
    path("dkupp/asn/impor/", views.roster_import, name="roster_import"),
    path("dkupp/penutupan/", views.closes, name="closes"),
    path("dkupp/penutupan/<int:pk>.<str:fmt>", views.close_download, name="close_download"),
    path("dkupp/aturan/", views.rules, name="rules"),
    re_path(r"^dkupp/aturan/(?P<month>\d{4}-\d{2})/$", views.rule_edit, name="rule_edit"),
]
