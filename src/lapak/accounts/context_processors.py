from .roles import ADMIN_ROLES, Role


def active_role(request):
    role = getattr(request, "role", None)
    if not role:
        return {}
    role = str(role)
    return {
        "active_role": role,
        "active_role_label": Role(role).label,
        "other_roles": [(r, Role(r).label) for r in request.user.roles() if r != role],
        "admin_layout": role in ADMIN_ROLES,
    }
