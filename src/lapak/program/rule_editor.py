"""DKUPP's page for the monthly obligation rule: the form, its table rows, and the service that saves them.

A rule may be created or changed only for the current month or a later one, and never once its month is
closed (ObligationRule.clean refuses that too). Percentages are typed as people write them ("10", "2,5") and
stored in basis points; rupiah as "150.000" (lapak.core.forms.RupiahField).
"""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lapak.core.audit import audit_record
from lapak.core.forms import RupiahField
from lapak.core.money import format_rupiah

from .models import Asn, ObligationRule, ObligationTableRow, PeriodClose
from .rules import parse_month, period_of

PERCENT_RE = re.compile(r"^(\d{1,3})(?:[.,](\d+))?$", re.ASCII)
ROW_FIELDS = ("eselon", "kelas_jabatan", "golongan", "employment_type", "amount")
ROW_EXTRA = 3  # blank table lines offered below the filled ones
# Checked for the very first rule: the leave and study statuses the program's rules usually exempt.
USUAL_EXEMPTIONS = [Asn.Status.CUTI_BESAR, Asn.Status.CLTN, Asn.Status.TUGAS_BELAJAR]


# --- Months and percentages ----------------------------------------------------------------------------


def format_percent(bp: int | None) -> str:
    """Basis points as Indonesians write a percentage: 1000 -> '10', 250 -> '2,5', 1234 -> '12,34'."""
    if bp is None:
        return ""
    whole, fraction = divmod(int(bp), 100)
    return f"{whole},{fraction:02d}".rstrip("0").rstrip(",")


def locked_reason(
    period: datetime.date, *, closed: bool | None = None, today: datetime.date | None = None
) -> str:
    """Why the rule of `period` can only be looked at, or '' when it may be created or changed."""
    month = f"{period:%m/%Y}"
    if closed is None:
        closed = PeriodClose.objects.filter(period=period).exists()
    if closed:
        return _("Bulan %(month)s sudah ditutup; aturannya tidak bisa diubah lagi.") % {"month": month}
    if period < (today or period_of()):
        return _(
            "Bulan %(month)s sudah lewat; aturannya hanya bisa dilihat. Aturan hanya bisa dibuat atau diubah "
            "untuk bulan ini atau bulan-bulan berikutnya."
        ) % {"month": month}
    return ""


def exempt_labels(rule: ObligationRule) -> list[str]:
    labels = dict(Asn.Status.choices)
    return [str(labels.get(status, status)) for status in rule.exempt_statuses]


class MonthField(forms.CharField):
    """A month typed or picked as YYYY-MM; cleans to its first day."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget.input_type = "month"
        self.widget.attrs.update({"placeholder": "2026-12", "pattern": r"\d{4}-\d{2}", "maxlength": 7})

    def prepare_value(self, value):
        return f"{value:%Y-%m}" if isinstance(value, datetime.date) else value

    def to_python(self, value):
        if isinstance(value, datetime.date):
            return value.replace(day=1)
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        period = parse_month(value)
        if period is None:
            raise ValidationError(
                _("'%(value)s' bukan bulan; tulis TAHUN-BULAN, misalnya 2026-12.") % {"value": value}
            )
        return period


class PercentField(forms.CharField):
    """A percentage as people type it ("10", "2,5", "12,75 %"); cleans to basis points (2,5% -> 250)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "placeholder": "%", "maxlength": 10})

    def prepare_value(self, value):
        return format_percent(value) if isinstance(value, int) else value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        text = value.replace(" ", "").removesuffix("%")
        match = PERCENT_RE.match(text)
        if not match:
            raise ValidationError(
                _("'%(value)s' bukan persentase; tulis angkanya saja, misalnya 10 atau 2,5.")
                % {"value": value}
            )
        whole, fraction = match[1], match[2] or ""
        if len(fraction) > 2:
            raise ValidationError(
                _("Persentase paling banyak dua angka di belakang koma, misalnya 2,5 atau 2,75.")
            )
        bp = int(whole) * 100 + int(fraction.ljust(2, "0"))
        if not 0 < bp <= 10_000:
            raise ValidationError(_("Persentase harus lebih dari 0 dan paling banyak 100."))
        return bp


# --- The form --------------------------------------------------------------------------------------------


class RuleForm(forms.ModelForm):
    period = MonthField(
        label=gettext_lazy("Bulan berlaku"),
        help_text=gettext_lazy("Bulan ini atau bulan berikutnya, misalnya 2026-12."),
        error_messages={"required": gettext_lazy("Isi bulan berlakunya aturan, misalnya 2026-12.")},
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Bentuk kewajiban"),
        choices=ObligationRule.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Pilih bentuk kewajiban.")},
    )
    amount = RupiahField(
        label=gettext_lazy("Jumlah tetap per ASN (Rp)"),
        required=False,
        help_text=gettext_lazy("Untuk bentuk jumlah tetap. Contoh: 150.000"),
    )
    percent_bp = PercentField(
        label=gettext_lazy("Persentase dari TPP (%)"),
        required=False,
        help_text=gettext_lazy("Untuk bentuk persentase TPP. Contoh: 10 atau 2,5"),
    )
    minimum = RupiahField(
        label=gettext_lazy("Paling sedikit (Rp)"),
        required=False,
        help_text=gettext_lazy("Kewajiban yang lebih kecil dinaikkan ke jumlah ini. Contoh: 50.000"),
    )
    maximum = RupiahField(
        label=gettext_lazy("Paling banyak (Rp)"),
        required=False,
        help_text=gettext_lazy("Kewajiban yang lebih besar diturunkan ke jumlah ini. Contoh: 1.000.000"),
    )
    exempt_statuses = forms.MultipleChoiceField(
        label=gettext_lazy("ASN yang dikecualikan (tidak wajib belanja)"),
        choices=[(value, label) for value, label in Asn.Status.choices if value != Asn.Status.AKTIF],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    grace_days = forms.IntegerField(
        label=gettext_lazy("Masa tenggang (hari setelah akhir bulan)"),
        min_value=0,
        max_value=60,
        help_text=gettext_lazy("Pesanan bulan ini yang selesai dalam masa ini masih dihitung."),
        error_messages={
            "required": gettext_lazy("Isi masa tenggang dalam hari, misalnya 5 (boleh 0)."),
            "invalid": gettext_lazy("Masa tenggang berupa angka hari, misalnya 5."),
            "min_value": gettext_lazy("Masa tenggang tidak boleh kurang dari 0 hari."),
            "max_value": gettext_lazy("Masa tenggang paling lama 60 hari."),
        },
    )
    max_share_per_merchant_bp = PercentField(
        label=gettext_lazy("Paling banyak dihitung di satu toko (% dari kewajiban)"),
        required=False,
        help_text=gettext_lazy(
            "Agar belanja menyebar ke banyak UMKM. Contoh: 50. Kosongkan jika tidak dibatasi."
        ),
    )
    max_turnover_per_merchant = RupiahField(
        label=gettext_lazy("Omzet yang dihitung per toko per bulan paling banyak (Rp)"),
        required=False,
        help_text=gettext_lazy("Contoh: 30.000.000. Kosongkan jika tidak dibatasi."),
    )
    legal_basis = forms.CharField(
        label=gettext_lazy("Dasar hukum (Perbup/SE dan nomornya)"),
        max_length=200,
        help_text=gettext_lazy("Contoh: Perbup Subang No. 12 Tahun 2026"),
        error_messages={
            "required": gettext_lazy("Isi dasar hukumnya, misalnya Perbup Subang No. 12 Tahun 2026.")
        },
    )
    legal_date = forms.DateField(
        label=gettext_lazy("Tanggal dasar hukum"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"],
        error_messages={
            "required": gettext_lazy("Isi tanggal dasar hukumnya."),
            "invalid": gettext_lazy("Tulis tanggal sebagai TAHUN-BULAN-HARI, misalnya 2026-01-03."),
        },
    )

    class Meta:
        model = ObligationRule
        fields = [
            "period",
            "kind",
            "amount",
            "percent_bp",
            "minimum",
            "maximum",
            "exempt_statuses",
            "grace_days",
            "max_share_per_merchant_bp",
            "max_turnover_per_merchant",
            "legal_basis",
            "legal_date",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:  # a rule belongs to its month; another month gets its own rule
            self.fields["period"].disabled = True
            self.fields["period"].help_text = ""

    def clean_period(self):
        period = self.cleaned_data["period"]
        reason = locked_reason(period)
        if reason:
            raise ValidationError(reason)
        if not self.instance.pk and ObligationRule.objects.filter(period=period).exists():
            raise ValidationError(
                _("Bulan %(month)s sudah punya aturan; ubah aturan itu dari daftar aturan.")
                % {"month": f"{period:%m/%Y}"}
            )
        return period

    def clean_legal_basis(self):
        return self.cleaned_data["legal_basis"].strip()

    def clean(self):
        cleaned = super().clean()
        for field, message in rule_problems(cleaned).items():
            if field not in self.errors:
                self.add_error(field, message)
        return cleaned


def rule_problems(data: dict) -> dict[str, str]:
    """What is missing or contradictory in a rule's values (not its table rows), per field."""
    problems = {}
    kind = data.get("kind")
    if kind == ObligationRule.Kind.FIXED and not data.get("amount"):
        problems["amount"] = _("Bentuk jumlah tetap: isi jumlahnya (lebih dari Rp0), misalnya 150.000.")
    if kind == ObligationRule.Kind.PERCENT and not data.get("percent_bp"):
        problems["percent_bp"] = _("Bentuk persentase TPP: isi persentasenya, misalnya 10 atau 2,5.")
    low, high = data.get("minimum"), data.get("maximum")
    if low is not None and high is not None and low > high:
        problems["maximum"] = _(
            "Paling banyak (%(high)s) lebih kecil dari paling sedikit (%(low)s); perbaiki salah satunya."
        ) % {"high": format_rupiah(high), "low": format_rupiah(low)}
    return problems


# --- Table rows ------------------------------------------------------------------------------------------


class RowForm(forms.Form):
    """One table line; blank criteria match every ASN. A line left entirely blank is dropped."""

    eselon = forms.CharField(label=gettext_lazy("Eselon"), max_length=8, required=False)
    kelas_jabatan = forms.IntegerField(
        label=gettext_lazy("Kelas jabatan"),
        required=False,
        min_value=1,
        max_value=30,
        error_messages={
            "invalid": gettext_lazy("Kelas jabatan berupa angka, misalnya 7."),
            "min_value": gettext_lazy("Kelas jabatan mulai dari 1."),
            "max_value": gettext_lazy("Kelas jabatan paling tinggi 30."),
        },
    )
    golongan = forms.CharField(label=gettext_lazy("Golongan"), max_length=8, required=False)
    employment_type = forms.ChoiceField(
        label=gettext_lazy("Jenis kepegawaian"),
        choices=[("", gettext_lazy("semua"))] + list(Asn.EmploymentType.choices),
        required=False,
    )
    amount = RupiahField(label=gettext_lazy("Jumlah (Rp)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["eselon"].widget.attrs["placeholder"] = "II.b"
        self.fields["golongan"].widget.attrs["placeholder"] = "III/b"
        self.fields["kelas_jabatan"].widget.attrs["inputmode"] = "numeric"

    def clean(self):
        cleaned = super().clean()
        for name in ("eselon", "golongan"):
            cleaned[name] = (cleaned.get(name) or "").strip()
        criteria = [cleaned.get(name) for name in ROW_FIELDS if name != "amount"]
        if self.errors or not any(v not in ("", None) for v in [*criteria, cleaned.get("amount")]):
            return cleaned
        if cleaned.get("amount") is None:
            self.add_error("amount", _("Isi jumlah untuk baris ini, atau kosongkan seluruh barisnya."))
        return cleaned

    def row(self) -> dict | None:
        """The line's values, or None for a blank line."""
        data = getattr(self, "cleaned_data", None) or {}
        if data.get("amount") is None:
            return None
        return {
            "eselon": data.get("eselon", ""),
            "kelas_jabatan": data.get("kelas_jabatan"),
            "golongan": data.get("golongan", ""),
            "employment_type": data.get("employment_type", ""),
            "amount": data["amount"],
        }


class BaseRowFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        seen = {}
        for number, form in enumerate(self.forms, start=1):
            row = form.row()
            if row is None:
                continue
            key = tuple(row[name] for name in ROW_FIELDS if name != "amount")
            if key in seen:
                raise ValidationError(
                    _(
                        "Baris %(n)d sama dengan baris %(first)d (eselon, kelas jabatan, golongan, jenis "
                        "kepegawaian); hapus salah satunya."
                    )
                    % {"n": number, "first": seen[key]}
                )
            seen[key] = number
        if not seen:
            raise ValidationError(
                _(
                    "Bentuk tabel perlu paling sedikit satu baris: isi golongan, eselon, kelas jabatan atau "
                    "jenis kepegawaian (kosong berarti semua) dan jumlahnya."
                )
            )

    def rows(self) -> list[dict]:
        return [row for form in self.forms if (row := form.row()) is not None]


RowFormSet = forms.formset_factory(RowForm, formset=BaseRowFormSet, extra=ROW_EXTRA, max_num=200)
ROWS_PREFIX = "baris"


def rule_initial(rule: ObligationRule) -> dict:
    """A rule's values as the form's initial data, to prepare another month from it."""
    return {name: getattr(rule, name) for name in RuleForm.Meta.fields if name != "period"}


def rows_initial(rule: ObligationRule | None) -> list[dict]:
    return [{name: getattr(row, name) for name in ROW_FIELDS} for row in rule.rows.all()] if rule else []


class RuleEditor:
    """The rule form and its table rows, bound together: create or change the rule of `period`.

    `source` is the rule whose values prefill a new month (the latest rule). `more_rows` re-shows what was
    typed, unvalidated, with more blank table lines (the "add lines" button works without JavaScript)."""

    def __init__(self, *, period, rule=None, source=None, data=None, more_rows: bool = False):
        self.rule = rule
        origin = rule or source
        if more_rows and data is not None:
            initial, rows = self._typed(data), self._typed_rows(data)
            data = None
            if rule is not None:  # the month of a saved rule is not posted (its field is disabled)
                initial.pop("period", None)
        else:
            initial = rule_initial(source) if rule is None and source is not None else {}
            rows = rows_initial(origin)
        if rule is None:
            initial["period"] = period
            if source is None:
                initial.setdefault("exempt_statuses", USUAL_EXEMPTIONS)
                initial.setdefault("grace_days", 5)
        self.form = RuleForm(data, instance=rule or ObligationRule(), initial=initial)
        self.rows = RowFormSet(data, initial=rows, prefix=ROWS_PREFIX)

    @staticmethod
    def _typed(data) -> dict:
        typed = {
            name: data.getlist(name) if isinstance(field, forms.MultipleChoiceField) else data.get(name)
            for name, field in RuleForm.base_fields.items()
        }
        return {name: value for name, value in typed.items() if value is not None}

    @staticmethod
    def _typed_rows(data) -> list[dict]:
        try:
            total = min(int(data.get(f"{ROWS_PREFIX}-TOTAL_FORMS", 0)), RowFormSet.max_num)
        except ValueError:
            total = 0
        rows = [
            {name: data.get(f"{ROWS_PREFIX}-{i}-{name}", "") for name in ROW_FIELDS} for i in range(total)
        ]
        return [row for row in rows if any(str(v).strip() for v in row.values())]

    def is_valid(self) -> bool:
        valid = self.form.is_valid()
        if self.form.cleaned_data.get("kind") == ObligationRule.Kind.TABLE:
            return self.rows.is_valid() and valid
        if self.rows.is_bound:  # the lines do not count for another kind: shown as typed, never judged
            self.rows = RowFormSet(initial=self._typed_rows(self.rows.data), prefix=ROWS_PREFIX)
        return valid

    def table_rows(self) -> list[dict]:
        if self.form.cleaned_data.get("kind") != ObligationRule.Kind.TABLE:
            return []
        return self.rows.rows()

    def save(self, actor) -> ObligationRule:
        try:
            return rule_save(rule=self.rule, data=self.form.cleaned_data, rows=self.table_rows(), actor=actor)
        except ValidationError as exc:
            self.form.add_error(None, exc)
            raise


# --- The service -----------------------------------------------------------------------------------------

_VALUE_FIELDS = [name for name in RuleForm.Meta.fields if name != "period"]


def _plain(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


def rule_save(*, rule: ObligationRule | None, data: dict, rows: list[dict], actor) -> ObligationRule:
    """Create the rule of `data["period"]` (rule None) or change `rule`, replace its table rows, and leave an
    audit entry, all in one transaction. Refuses a past or closed month, a move to another month, and values
    the rule's kind needs but lacks. Only a table rule keeps rows, and only the kind's own figure is kept."""
    period = rule.period if rule is not None else data.get("period")
    if period is None:
        raise ValidationError(_("Isi bulan berlakunya aturan, misalnya 2026-12."))
    if rule is not None and data.get("period") not in (None, rule.period):
        raise ValidationError(
            _("Aturan tidak bisa dipindah ke bulan lain; buat aturan baru untuk bulan itu.")
        )
    values = {name: data.get(name) for name in _VALUE_FIELDS}
    chosen = set(values["exempt_statuses"] or [])
    values["exempt_statuses"] = [status for status in Asn.Status.values if status in chosen]
    values["legal_basis"] = (values["legal_basis"] or "").strip()
    if values["grace_days"] is None:
        values["grace_days"] = 5
    kind = values["kind"]
    if kind not in ObligationRule.Kind.values:
        raise ValidationError(_("Pilih bentuk kewajiban."))
    if kind != ObligationRule.Kind.FIXED:
        values["amount"] = None
    if kind != ObligationRule.Kind.PERCENT:
        values["percent_bp"] = None
    rows = (
        [{name: row.get(name) for name in ROW_FIELDS} for row in rows]
        if kind == ObligationRule.Kind.TABLE
        else []
    )
    for row in rows:
        for name in ("eselon", "golongan", "employment_type"):
            row[name] = (row[name] or "").strip()
    problems = rule_problems(values)
    if kind == ObligationRule.Kind.TABLE and (not rows or any(row["amount"] is None for row in rows)):
        problems["__all__"] = _("Bentuk tabel perlu paling sedikit satu baris, dan setiap baris jumlahnya.")
    if not values["legal_basis"] or values["legal_date"] is None:
        problems["legal_basis"] = _("Isi dasar hukum dan tanggalnya.")
    if problems:
        raise ValidationError(problems)

    with transaction.atomic():
        if rule is not None:
            rule = ObligationRule.objects.select_for_update().get(pk=rule.pk)
        reason = locked_reason(period)
        if reason:
            raise ValidationError(reason)
        old_values = {} if rule is None else {name: getattr(rule, name) for name in _VALUE_FIELDS}
        old_rows = (
            [] if rule is None else [{name: getattr(r, name) for name in ROW_FIELDS} for r in rule.rows.all()]
        )
        created = rule is None
        if created:
            rule = ObligationRule(period=period)
        for name, value in values.items():
            setattr(rule, name, value)
        rule.updated_by = actor if getattr(actor, "pk", None) else None
        try:
            with transaction.atomic():
                rule.save()
        except IntegrityError as exc:  # another officer created this month's rule a moment ago
            raise ValidationError(
                _(
                    "Bulan %(month)s baru saja diberi aturan oleh orang lain; buka daftar aturan dan ubah "
                    "dari sana."
                )
                % {"month": f"{period:%m/%Y}"}
            ) from exc
        if not created:
            rule.rows.all().delete()
        ObligationTableRow.objects.bulk_create([ObligationTableRow(rule=rule, **row) for row in rows])
        changes = {"period": f"{period:%Y-%m}", "created": created}
        if created:
            changes["values"] = {name: _plain(value) for name, value in values.items()}
        else:
            changes["changed"] = {
                name: [_plain(old_values[name]), _plain(value)]
                for name, value in values.items()
                if old_values[name] != value
            }
        if rows != old_rows:
            changes["rows"] = rows
        audit_record(actor=actor, action="program.rule_save", obj=rule, changes=changes)
    return rule
