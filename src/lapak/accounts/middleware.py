from django.utils.functional import SimpleLazyObject

SESSION_KEY = "lapak_role"


def active_role(request) -> str | None:
    """The role the user acts as: the one chosen in this session if still held, else the highest held."""
    user = request.user
    if not user.is_authenticated:
        return None
    roles = user.roles()
    chosen = request.session.get(SESSION_KEY)
    if chosen in roles:
        return chosen
    return roles[0] if roles else None


class ActiveRoleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.role = SimpleLazyObject(lambda: active_role(request))
        return self.get_response(request)
