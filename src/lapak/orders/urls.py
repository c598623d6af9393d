from django.urls import path

from . import views

app_name = "orders"
urlpatterns = [
    path("keranjang/", views.cart, name="cart"),
    path("keranjang/tambah/<int:product_id>/", views.cart_add_view, name="cart_add"),
    path("keranjang/bayar/", views.checkout, name="checkout"),
    path("pesanan/", views.order_list, name="list"),
    path("pesanan/<int:pk>/", views.order_detail, name="detail"),
    path("pesanan/<int:pk>/nota/", views.receipt, name="receipt"),
    path("pesanan/<int:pk>/nota.pdf", views.receipt_pdf_view, name="receipt_pdf"),
    path("usaha/<int:pk>/pesanan/", views.shop_orders, name="shop_orders"),
    path("usaha/<int:pk>/pesanan/<int:order_id>/", views.shop_order_detail, name="shop_detail"),
    path("usaha/<int:pk>/pengiriman/", views.shop_delivery, name="shop_delivery"),
    path("belanja-langsung/", views.instore_mine, name="instore_mine"),
    path("belanja-langsung/di/<int:merchant_id>/", views.instore_new, name="instore_new"),
    path("belanja-langsung/<int:pk>/", views.instore_detail, name="instore_detail"),
    path("belanja-langsung/<int:pk>/struk/", views.instore_receipt, name="instore_receipt"),
    path("usaha/<int:pk>/belanja-langsung/", views.instore_shop, name="instore_shop"),
]
