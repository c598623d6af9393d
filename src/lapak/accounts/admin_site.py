from django.contrib import admin
from django.contrib.admin.apps import AdminConfig

from .roles import Role


class DkuppAdminSite(admin.AdminSite):
    site_header = "Lapak — back office DKUPP"
    site_title = "Lapak admin"
    index_title = "Perbaikan data"

    def has_permission(self, request):
        user = request.user
        return user.is_active and (user.is_superuser or user.has_role(Role.ADMIN_DKUPP))


class LapakAdminConfig(AdminConfig):
    default_site = "lapak.accounts.admin_site.DkuppAdminSite"
