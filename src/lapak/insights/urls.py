from django.urls import path

from . import audit_views, dashboard_views, shop_views, views

app_name = "insights"
urlpatterns = [
    path("", views.home, name="home"),
    path("statistik/", views.statistics, name="statistics"),
    path("dkupp/", views.dkupp_home, name="dkupp_home"),
    path("pimpinan/", views.pimpinan_home, name="pimpinan_home"),
    path("dkupp/dasbor/", dashboard_views.dashboard, name="dashboard"),
    path("dkupp/dasbor/<slug:table>.<str:fmt>", dashboard_views.dashboard_export, name="dashboard_export"),
    path("dkupp/laporan/<str:month>.<str:fmt>", dashboard_views.program_report, name="program_report"),
    path("toko/<int:merchant_id>/dasbor/", shop_views.shop_dashboard, name="shop_dashboard"),
    path("opd/<str:code>/dasbor/", shop_views.opd_dashboard, name="opd_dashboard"),
    path("dkupp/audit/", audit_views.audit_log, name="audit_log"),
    path("akun/data-saya.json", audit_views.my_data, name="my_data"),
]
