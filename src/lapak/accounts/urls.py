from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("daftar/", views.register, name="register"),
    path("beranda/", views.home, name="home"),
    path("peran/", views.switch_role, name="switch_role"),
    path("akun/", views.profile, name="profile"),
    path("dua-langkah/", views.two_factor_verify, name="two_factor_verify"),
    path("dua-langkah/pasang/", views.two_factor_setup, name="two_factor_setup"),
    path("dua-langkah/kode-pemulihan/", views.recovery_codes, name="recovery_codes"),
    path("konfirmasi-sandi/", views.reauth, name="reauth"),
    path("akun/token-api/", views.api_tokens, name="api_tokens"),
    path("belanja/", views.buyer_home, name="buyer_home"),
    path("lupa-sandi/", views.password_reset, name="password_reset"),
    path("lupa-sandi/terkirim/", views.password_reset_done, name="password_reset_done"),
    path("lupa-sandi/<uidb64>/<token>/", views.password_reset_confirm, name="password_reset_confirm"),
    path("lupa-sandi/selesai/", views.password_reset_complete, name="password_reset_complete"),
]
