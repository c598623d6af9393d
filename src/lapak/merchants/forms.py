from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lapak.core.forms import IdentifierField, PhoneField, RegionPickerMixin, RupiahField
from lapak.core.identifiers import parse_kbli, parse_nib, parse_nik, parse_npwp
from lapak.core.images import clean_image

from .models import EligibilityPolicy, Merchant, Permit, VerificationDecision
from .sizing import SizeClass


class StepForm(forms.Form):
    """One step of the onboarding wizard, bound to the draft merchant it fills in."""

    title = ""

    def __init__(self, *args, merchant: Merchant | None = None, **kwargs):
        self.merchant = merchant
        if merchant is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(merchant, name, None) for name in self.base_fields}
        super().__init__(*args, **kwargs)

    def values(self) -> dict:
        """What merchant_update receives."""
        return dict(self.cleaned_data)


class BusinessStep(StepForm):
    title = _("Usaha")
    name = forms.CharField(label=_("Nama usaha"), max_length=150)
    kind = forms.ChoiceField(
        label=_("Jenis"), choices=Merchant.Kind.choices, widget=forms.RadioSelect, initial=Merchant.Kind.UMKM
    )
    kbli = IdentifierField(
        parse_kbli,
        label=_("Kode bidang usaha (KBLI)"),
        max_length=10,
        help_text=_("5 digit, tertulis di NIB Anda. Contoh: 10794 untuk keripik, 56102 untuk warung makan."),
    )
    nib = IdentifierField(
        parse_nib,
        label=_("NIB"),
        required=False,
        max_length=20,
        help_text=_("13 digit dari OSS, jika sudah punya."),
    )
    npwp = IdentifierField(parse_npwp, label=_("NPWP"), required=False, max_length=25)
    legal_entity_number = forms.CharField(
        label=_("Nomor badan hukum (khusus koperasi)"), required=False, max_length=60
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The kind decides who acts for the business (owner or koperasi admins), so it is fixed at the start.
        if self.merchant is not None:
            self.fields["kind"].disabled = True

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == Merchant.Kind.KOPERASI and not cleaned.get("legal_entity_number"):
            self.add_error("legal_entity_number", _("Koperasi wajib mengisi nomor badan hukum."))
        return cleaned


class OwnerStep(StepForm):
    title = _("Pemilik")
    owner_name = forms.CharField(label=_("Nama pemilik (sesuai KTP)"), max_length=150)
    owner_nik = IdentifierField(
        parse_nik, label=_("NIK pemilik"), max_length=24, help_text=_("16 digit di KTP.")
    )
    owner_phone = PhoneField(label=_("Nomor HP/WhatsApp usaha"))
    owner_email = forms.EmailField(label=_("Email"), required=False)
    whatsapp_public = forms.BooleanField(
        label=_("Tampilkan nomor WhatsApp ini di halaman toko agar pembeli bisa menghubungi"), required=False
    )


class AddressStep(RegionPickerMixin, StepForm):
    title = _("Alamat")
    street = forms.CharField(label=_("Alamat jalan, kampung, RT/RW"), max_length=200)
    latitude = forms.DecimalField(
        label=_("Garis lintang"), required=False, max_digits=9, decimal_places=6, min_value=-11, max_value=6
    )
    longitude = forms.DecimalField(
        label=_("Garis bujur"), required=False, max_digits=9, decimal_places=6, min_value=95, max_value=141
    )

    field_order = ["kecamatan", "desa", "street", "latitude", "longitude"]

    def __init__(self, *args, merchant=None, **kwargs):
        if merchant is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "kecamatan": merchant.kecamatan_id,
                "desa": merchant.desa_id,
                "street": merchant.street,
                "latitude": merchant.latitude,
                "longitude": merchant.longitude,
            }
        super().__init__(*args, merchant=merchant, **kwargs)
        for name in ("latitude", "longitude"):
            self.fields[name].widget.attrs["data-geo"] = name

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("latitude") is None) != (cleaned.get("longitude") is None):
            raise ValidationError(_("Isi garis lintang dan bujur bersamaan, atau kosongkan keduanya."))
        return cleaned


class ScaleStep(StepForm):
    title = _("Skala & izin")
    declared_annual_sales = RupiahField(
        label=_("Omzet per tahun (Rp)"),
        required=False,
        help_text=_("Perkiraan penjualan setahun. Contoh: 120.000.000"),
    )
    declared_capital = RupiahField(
        label=_("Modal usaha (Rp), tanpa tanah dan bangunan"),
        required=False,
        help_text=_("Untuk usaha baru yang belum punya omzet setahun."),
    )
    opening_hours = forms.CharField(label=_("Jam buka"), required=False, max_length=120)
    local_production_attested = forms.BooleanField(
        label=_("Saya menyatakan produk saya dibuat atau dijual dari Subang"), required=False
    )
    is_franchise = forms.BooleanField(
        label=_("Usaha ini waralaba atau bagian dari jaringan ritel modern"), required=False
    )
    logo = forms.ImageField(
        label=_("Logo atau foto toko"), required=False, help_text=_("JPG, PNG, atau WebP, maks. 5 MB.")
    )

    def __init__(self, *args, merchant=None, **kwargs):
        super().__init__(*args, merchant=merchant, **kwargs)
        permits = {p.kind: p for p in merchant.permits.all()} if merchant else {}
        for kind, label in Permit.Kind.choices:
            self.fields[f"permit_{kind}"] = forms.CharField(
                label=_("Nomor %(permit)s") % {"permit": label}, required=False, max_length=60
            )
            self.fields[f"permit_{kind}_expires"] = forms.DateField(
                label=_("%(permit)s berlaku sampai") % {"permit": label},
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}),
            )
            if kind in permits:
                self.initial[f"permit_{kind}"] = permits[kind].number
                self.initial[f"permit_{kind}_expires"] = permits[kind].expires_on

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "content_type"):  # a new upload, not the stored file
            return clean_image(logo, max_side=512, name="logo")
        return None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("declared_annual_sales") is None and cleaned.get("declared_capital") is None:
            self.add_error(
                "declared_annual_sales", _("Isi omzet per tahun, atau modal usaha jika usaha masih baru.")
            )
        return cleaned

    def values(self) -> dict:
        values = {k: v for k, v in self.cleaned_data.items() if not k.startswith("permit_")}
        if values["logo"] is None:
            del values["logo"]
        return values

    def permits(self) -> list[tuple[str, str, object]]:
        return [
            (kind, self.cleaned_data[f"permit_{kind}"], self.cleaned_data[f"permit_{kind}_expires"])
            for kind in Permit.Kind.values
        ]


ONBOARDING_STEPS = [BusinessStep, OwnerStep, AddressStep, ScaleStep]


class DecisionForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Keputusan"),
        widget=forms.RadioSelect,
        choices=[
            (VerificationDecision.Action.APPROVE, _("Setujui")),
            (VerificationDecision.Action.REQUEST_CHANGES, _("Minta perbaikan")),
            (VerificationDecision.Action.REJECT, _("Tolak")),
        ],
    )
    note = forms.CharField(
        label=_("Catatan untuk pemilik"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wajib untuk minta perbaikan dan tolak: tulis apa yang harus dilakukan pemilik."),
    )


class EligibilityPolicyForm(forms.Form):
    allowed_sizes = forms.MultipleChoiceField(
        label=_("Skala usaha yang boleh ikut program"),
        choices=SizeClass.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    require_local_production = forms.BooleanField(
        label=_("Wajib menyatakan produk dibuat/dijual lokal di Subang"), required=False
    )
    legal_basis = forms.CharField(
        label=_("Dasar hukum (Perbup/SE, nomor dan tanggal)"), max_length=200, required=False
    )

    @classmethod
    def for_policy(cls, policy: EligibilityPolicy, data=None):
        initial = {
            "allowed_sizes": policy.allowed_sizes,
            "require_local_production": policy.require_local_production,
            "legal_basis": policy.legal_basis,
        }
        return cls(data, initial=initial)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas spreadsheet (CSV atau XLSX)"),
        help_text=_(
            "Baris pertama berisi judul kolom, misalnya "
            "Nama Usaha, NIK Pemilik, No HP, Kecamatan, Desa/Kelurahan."
        ),
    )
    mark_verified = forms.BooleanField(
        label=_("Data ini sudah diverifikasi DKUPP (usaha baru langsung berstatus terverifikasi)"),
        required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 100 * 1024 * 1024:
            raise ValidationError(_("Berkas lebih dari 100 MB. Pecah menjadi beberapa berkas per kecamatan."))
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise ValidationError(
                _("Pilih berkas .csv atau .xlsx. Berkas .xls lama: simpan ulang sebagai .xlsx di Excel.")
            )
        return upload


class MappingForm(forms.Form):
    """One select per column of the file: which registry field it holds, or none."""

    def __init__(self, data=None, *, headers: list[str], mapping: dict[str, str]):
        super().__init__(data)
        from .importing import FIELDS

        choices = [("", _("— abaikan —"))] + [(name, label) for name, (label, _aliases) in FIELDS.items()]
        self.headers = headers
        for index, header in enumerate(headers):
            self.fields[f"col_{index}"] = forms.ChoiceField(
                label=header or _("(kolom tanpa judul)"),
                choices=choices,
                required=False,
                initial=mapping.get(header, ""),
            )

    def clean(self):
        cleaned = super().clean()
        chosen = [v for v in cleaned.values() if v]
        repeated = {v for v in chosen if chosen.count(v) > 1}
        if repeated:
            raise ValidationError(
                _("Setiap isian hanya boleh dipetakan ke satu kolom: %(f)s.")
                % {"f": ", ".join(sorted(repeated))}
            )
        return cleaned

    def mapping(self) -> dict[str, str]:
        return {
            h: self.cleaned_data[f"col_{i}"]
            for i, h in enumerate(self.headers)
            if self.cleaned_data[f"col_{i}"]
        }
