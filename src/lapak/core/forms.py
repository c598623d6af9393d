from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .identifiers import InvalidIdentifier, parse_phone
from .models import Region
from .money import format_rupiah, parse_rupiah
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


class RupiahField(forms.CharField):
    """Accepts rupiah as people type it ("15.000", "Rp 1.500.000", "15000") and cleans to an int."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 30)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "placeholder": "Rp"})

    def prepare_value(self, value):
        return format_rupiah(value).removeprefix("Rp") if isinstance(value, int) else value

    def clean(self, value):
        value = super().clean(value)
        if value in (None, ""):
            return None
        try:
            return parse_rupiah(value)
        except InvalidIdentifier as exc:
            raise forms.ValidationError(sentence(exc.messages[0])) from exc


class IdentifierField(forms.CharField):
    """A text field validated and normalised by one of lapak.core.identifiers' parsers."""

    def __init__(self, parser, **kwargs):
        self.parser = parser
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "numeric")

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return ""
        try:
            parsed = self.parser(value)
        except InvalidIdentifier as exc:
            raise forms.ValidationError(sentence(exc.messages[0])) from exc
        return getattr(parsed, "value", parsed)


class PhoneField(IdentifierField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Nomor HP (WhatsApp)"))
        kwargs.setdefault("help_text", _("Contoh: 0812-3456-7890"))
        super().__init__(parse_phone, max_length=24, **kwargs)
        self.widget.attrs.update({"inputmode": "tel", "autocomplete": "tel"})

    def clean(self, value):
        return super().clean(value) or None


def sentence(message: str) -> str:
    """Validators speak in clauses ('NIK harus 16 digit'); a form shows a sentence."""
    return message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")
