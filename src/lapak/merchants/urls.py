from django.urls import path

from . import views

app_name = "merchants"
urlpatterns = [
    path("pasar/", views.directory, name="directory"),
    path("usaha/", views.owner_home, name="owner_home"),
    path("usaha/baru/", views.onboarding_start, name="onboarding_start"),
    path("usaha/<int:pk>/", views.merchant_detail, name="detail"),
    path("usaha/<int:pk>/daftar/<int:step>/", views.onboarding, name="onboarding"),
    path("usaha/<int:pk>/anggota/", views.koperasi_add_member, name="koperasi_add_member"),
    path("koperasi/", views.koperasi_home, name="koperasi_home"),
    path("dkupp/usaha/", views.registry, name="registry"),
    path("dkupp/usaha/<int:pk>/", views.dkupp_merchant, name="dkupp_merchant"),
    path("dkupp/verifikasi/", views.verification_queue, name="verification_queue"),
    path("dkupp/kelayakan/", views.eligibility_policy, name="eligibility_policy"),
    path("dkupp/impor/", views.import_start, name="import_start"),
    path("dkupp/impor/<int:pk>/", views.import_job, name="import_job"),
    path("dkupp/impor/<int:pk>/ditolak.<str:fmt>", views.import_rejections, name="import_rejections"),
]
