from django.contrib import admin

from .models import Asn, Opd, OpdAdmin


class OpdAdminInline(admin.TabularInline):
    model = OpdAdmin
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Opd)
class OpdModelAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]
    inlines = [OpdAdminInline]


@admin.register(Asn)
class AsnAdmin(admin.ModelAdmin):
    list_display = ["nip", "user", "opd", "employment_type", "status"]
    list_filter = ["employment_type", "status", "opd"]
    search_fields = ["nip", "user__name"]
    autocomplete_fields = ["user", "opd"]
