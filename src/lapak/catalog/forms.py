from django import forms
from django.utils.translation import gettext_lazy as _

from lapak.core.forms import RupiahField

from .models import Category, Product


class ProductForm(forms.Form):
    name = forms.CharField(label=_("Nama produk"), max_length=150)
    category = forms.ModelChoiceField(
        label=_("Kategori"),
        queryset=Category.objects.filter(blocked_reason="", parent__isnull=True),
        empty_label=_("— pilih kategori —"),
    )
    price = RupiahField(label=_("Harga (Rp)"), help_text=_("Contoh: 25.000"))
    unit = forms.ChoiceField(label=_("Satuan"), choices=Product.Unit.choices)
    stock = forms.IntegerField(
        label=_("Stok"), min_value=0, required=False, help_text=_("Kosongkan jika dibuat sesuai pesanan.")
    )
    lead_time_days = forms.IntegerField(
        label=_("Lama pembuatan (hari)"), min_value=0, max_value=60, initial=0, required=False
    )
    weight_grams = forms.IntegerField(label=_("Berat (gram)"), min_value=1, required=False)
    description = forms.CharField(
        label=_("Deskripsi"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    is_local = forms.BooleanField(label=_("Produk lokal Subang (dibuat di Subang)"), required=False)
    status = forms.ChoiceField(
        label=_("Tampilkan di pasar?"), choices=Product.Status.choices, initial=Product.Status.ACTIVE
    )
    photo = forms.ImageField(
        label=_("Tambah foto"), required=False, help_text=_("JPG, PNG, atau WebP, maks. 5 MB.")
    )

    def __init__(self, *args, product: Product | None = None, **kwargs):
        if product is not None and "initial" not in kwargs:
            kwargs["initial"] = {f: getattr(product, f) for f in self.base_fields if f != "photo"}
            kwargs["initial"]["category"] = product.category_id
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("price") is None and "price" not in self.errors:
            self.add_error("price", _("Isi harga."))
        elif cleaned.get("price") == 0:
            self.add_error("price", _("Harga harus lebih dari Rp0."))
        cleaned["lead_time_days"] = cleaned.get("lead_time_days") or 0
        return cleaned

    def values(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "photo"}
