from django.urls import path

from . import views

app_name = "payments"
urlpatterns = [
    path("pesanan/<int:pk>/qris.png", views.order_qris, name="order_qris"),
    path("pesanan/<int:pk>/bukti/", views.transfer_proof_form, name="transfer_proof"),
    path("pesanan/<int:pk>/bukti/<int:proof_id>/", views.transfer_proof_image, name="transfer_proof_image"),
    path("usaha/<int:pk>/pembayaran/", views.shop_payment_settings, name="shop_settings"),
]
