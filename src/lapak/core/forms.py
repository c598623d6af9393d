from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Region
from .regions import desa_list, kecamatan_list


class RegionPickerMixin(forms.Form):
    """Kecamatan then desa/kelurahan, with the desa list filtered by the chosen kecamatan
    (HTMX refreshes it in the browser; the server checks the pair on submit)."""

    kecamatan = forms.ModelChoiceField(
        queryset=Region.objects.none(), label=_("Kecamatan"), empty_label=_("— pilih kecamatan —")
    )
    desa = forms.ModelChoiceField(
        queryset=Region.objects.none(), label=_("Desa/kelurahan"), empty_label=_("— pilih desa/kelurahan —")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kecamatan"].queryset = kecamatan_list()
        self.fields["kecamatan"].widget.attrs.update(
            {
                "hx-get": reverse("core:desa_options"),
                "hx-target": f"#id_{self.add_prefix('desa')}",
                "hx-trigger": "change",
                "data-region-picker": "kecamatan",
            }
        )
        chosen = self.data.get(self.add_prefix("kecamatan")) if self.is_bound else None
        if chosen is None:
            chosen = getattr(self.initial.get("kecamatan"), "code", self.initial.get("kecamatan"))
        # All villages stay valid choices so a mismatch gets a clear message rather than "not a valid choice".
        self.fields["desa"].queryset = Region.objects.filter(
            level__in=[Region.Level.DESA, Region.Level.KELURAHAN]
        )
        self.fields["desa"].widget.choices = [("", self.fields["desa"].empty_label)] + [
            (d.code, d.name) for d in desa_list(chosen)
        ]

    def clean(self):
        cleaned = super().clean()
        kecamatan, desa = cleaned.get("kecamatan"), cleaned.get("desa")
        if kecamatan and desa and desa.parent_id != kecamatan.code:
            self.add_error(
                "desa",
                _("%(desa)s tidak berada di Kecamatan %(kecamatan)s; pilih ulang desanya.")
                % {"desa": desa.label, "kecamatan": kecamatan.name},
            )
        return cleaned
