from django.urls import path

from . import review_views, views

app_name = "catalog"
urlpatterns = [
    path("cari/", views.search, name="search"),
    path("produk/<int:product_id>/", views.product_page, name="product_page"),
    path("t/<int:pk>/", views.storefront, name="storefront"),
    path("t/<int:pk>/qr.<str:fmt>", views.storefront_qr, name="storefront_qr"),
    path("t/<int:pk>/poster.pdf", views.storefront_poster, name="storefront_poster"),
    path("usaha/<int:pk>/produk/", views.product_list, name="product_list"),
    path("usaha/<int:pk>/produk/baru/", views.product_edit, name="product_new"),
    path("usaha/<int:pk>/produk/<int:product_id>/", views.product_edit, name="product_edit"),
    path("usaha/<int:pk>/produk/<int:product_id>/salin/", views.product_copy, name="product_copy"),
    path("dkupp/produk-ditandai/", review_views.flagged_products, name="flagged_products"),
]
