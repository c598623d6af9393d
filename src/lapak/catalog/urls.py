from django.urls import path

from . import views

app_name = "catalog"
urlpatterns = [
    path("produk/<int:product_id>/", views.product_page, name="product_page"),
    path("usaha/<int:pk>/produk/", views.product_list, name="product_list"),
    path("usaha/<int:pk>/produk/baru/", views.product_edit, name="product_new"),
    path("usaha/<int:pk>/produk/<int:product_id>/", views.product_edit, name="product_edit"),
    path("usaha/<int:pk>/produk/<int:product_id>/salin/", views.product_copy, name="product_copy"),
]
