from django.contrib import admin

from .models import Asn, ObligationRule, ObligationTableRow, Opd, OpdAdmin


class OpdAdminInline(admin.TabularInline):
    model = OpdAdmin
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Opd)
class OpdModelAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kecamatan"]
    raw_id_fields = ["kecamatan"]
    search_fields = ["code", "name"]
    inlines = [OpdAdminInline]


@admin.register(Asn)
class AsnAdmin(admin.ModelAdmin):
    list_display = ["nip", "user", "opd", "employment_type", "status"]
    list_filter = ["employment_type", "status", "opd"]
    search_fields = ["nip", "user__name"]
    autocomplete_fields = ["user", "opd"]


class ObligationTableRowInline(admin.TabularInline):
    model = ObligationTableRow
    extra = 0


@admin.register(ObligationRule)
class ObligationRuleAdmin(admin.ModelAdmin):
    """Until the rules page exists, DKUPP sets each month's rule here, with its legal basis."""

    list_display = ["period", "kind", "amount", "percent_bp", "legal_basis"]
    inlines = [ObligationTableRowInline]
    exclude = ["updated_by"]

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
