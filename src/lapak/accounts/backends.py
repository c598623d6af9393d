from axes.backends import AxesStandaloneBackend
from django.contrib.auth.backends import ModelBackend

from .identifiers import user_by_identifier
from .models import User
from .roles import Role


class IdentifierBackend(AxesStandaloneBackend, ModelBackend):
    """Password login with NIP, phone or email in one field.
    The login form sends `identifier`; the Django admin sends `username`.
    A web login (with a request) is refused while its account or address is locked (lapak.accounts.throttle);
    the test client and the CLI authenticate without a request and are not throttled."""

    def authenticate(self, request, identifier=None, password=None, username=None, **kwargs):
        identifier = identifier or username
        if not identifier or password is None:
            return None
        if request is not None:
            # Raises PermissionDenied while locked: authenticate() then records a failure, and the Axes
            # middleware answers with the lockout message, whether the password was right or not.
            AxesStandaloneBackend.authenticate(self, request, identifier=identifier, password=password)
        user = user_by_identifier(identifier)
        if user is None:
            User().set_password(password)  # same cost as a real check: no timing hint that the account exists
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def has_perm(self, user_obj, perm, obj=None):
        # DKUPP admins run the program: every back-office permission comes with the role.
        if user_obj.is_active and user_obj.has_role(Role.ADMIN_DKUPP):
            return True
        return super().has_perm(user_obj, perm, obj)

    def has_module_perms(self, user_obj, app_label):
        if user_obj.is_active and user_obj.has_role(Role.ADMIN_DKUPP):
            return True
        return super().has_module_perms(user_obj, app_label)
