from django.contrib import admin

from .models import Merchant, MerchantMember


class MemberInline(admin.TabularInline):
    model = MerchantMember
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Merchant)
class MerchantAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "status", "kecamatan", "created_at"]
    list_filter = ["kind", "status", "kecamatan"]
    search_fields = ["name"]
    autocomplete_fields = ["kecamatan", "desa"]
    inlines = [MemberInline]
