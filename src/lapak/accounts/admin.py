from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import RoleGrant, User


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["name"]
    list_display = ["name", "email", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "role_grants__role"]
    search_fields = ["name", "email", "phone", "nip"]
    inlines = [RoleGrantInline]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["name", "email", "phone", "nip", "password"]}),
        ("Alamat", {"fields": ["home_kecamatan", "home_desa"]}),
        ("Akses", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Waktu", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["name", "email", "phone", "nip", "password1", "password2"]})
    ]
    autocomplete_fields = ["home_kecamatan", "home_desa"]
