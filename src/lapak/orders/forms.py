from django import forms
from django.utils.translation import gettext_lazy as _

from lapak.core.forms import RupiahField


class InStoreForm(forms.Form):
    amount = RupiahField(
        label=_("Jumlah yang dibayar (Rp)"),
        help_text=_("Contoh: 35.000"),
        error_messages={"required": _("Isi jumlah yang dibayar.")},
    )
    items = forms.CharField(label=_("Barang yang dibeli (boleh kosong)"), max_length=300, required=False)
    receipt = forms.ImageField(
        label=_("Foto struk (boleh kosong)"), required=False, help_text=_("JPG, PNG, atau WebP, maks. 5 MB.")
    )
