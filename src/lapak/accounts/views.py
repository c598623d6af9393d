import re

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from .forms import (
    WRONG_CODE,
    FirstPasswordResetForm,
    LoginForm,
    ProfileForm,
    ReauthForm,
    RegisterForm,
    TwoFactorCodeForm,
)
from .middleware import SESSION_KEY
from .models import ApiToken
from .permissions import recent_auth_required, role_required
from .roles import ADMIN_ROLES, ROLE_HOME, Role
from .services import api_token_create, api_token_revoke, user_register, user_update_profile
from .sessions import mark_authenticated
from .throttle import login_throttle_clear
from .two_factor import (
    recovery_codes_left,
    recovery_codes_regenerate,
    totp_pending_device,
    totp_secret,
    totp_setup_url,
    two_factor_enrol,
    two_factor_enrolled,
    two_factor_required,
)
from .two_factor import (
    two_factor_verify as verify_code,
)


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        login_throttle_clear(form.get_user())
        return response

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "two_factor_off": not settings.LAPAK_REQUIRE_2FA}


def _next_url(request, default: str = "accounts:home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return target
    return reverse(default)


@login_required
def two_factor_setup(request):
    """Enrol an authenticator app: scan (or type) the secret, confirm one code, keep the recovery codes."""
    if not two_factor_required(request.user):  # only the desk roles use it; no half-used second factor
        return redirect("accounts:home")
    if two_factor_enrolled(request.user) and not request.user.is_verified():
        return redirect(f"{reverse('accounts:two_factor_verify')}?{request.GET.urlencode()}")
    device = totp_pending_device(request.user)
    form = TwoFactorCodeForm(request.POST or None)
    form.fields["code"].help_text = _("6 angka yang tampil di aplikasi autentikator.")
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor_enrol(user=request.user, device=device, code=form.cleaned_data["code"])
        except ValidationError as exc:
            form.add_error("code", exc)
        else:
            otp_login(request, device)
            mark_authenticated(request)
            context = {"codes": codes, "next": _next_url(request)}
            return render(request, "accounts/two_factor_codes.html", context)
    url = totp_setup_url(device)
    context = {
        "form": form,
        "secret": " ".join(re.findall(".{1,4}", totp_secret(device))),  # groups of 4, easier to type
        "qr": segno.make(url, error="m").svg_data_uri(scale=4),
        "next": request.GET.get("next", ""),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@login_required
def two_factor_verify(request):
    if not two_factor_required(request.user):
        return redirect("accounts:home")
    if not two_factor_enrolled(request.user):
        return redirect(f"{reverse('accounts:two_factor_setup')}?{request.GET.urlencode()}")
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = verify_code(user=request.user, code=form.cleaned_data["code"])
        if device is None:
            form.add_error("code", WRONG_CODE)
        else:
            otp_login(request, device)
            mark_authenticated(request)
            left = recovery_codes_left(request.user)
            if left < 3:
                messages.warning(
                    request,
                    _("Sisa kode pemulihan Anda %(n)d. Buat kode baru di halaman Profil → Kode pemulihan.")
                    % {"n": left},
                )
            return redirect(_next_url(request))
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": request.GET.get("next", "")}
    )


@login_required
def reauth(request):
    """Password (and code) again before a sensitive action; then back to it."""
    with_code = request.user.is_verified()
    form = ReauthForm(request.POST or None, request=request, with_code=with_code)
    if request.method == "POST" and form.is_valid():
        mark_authenticated(request)
        return redirect(_next_url(request))
    return render(request, "accounts/reauth.html", {"form": form, "next": request.GET.get("next", "")})


def register(request):
    if request.user.is_authenticated:
        return redirect("accounts:home")
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = user_register(
            name=data["name"],
            phone=data["phone"],
            email=data["email"],
            password=data["password1"],
            sells=data["sells"],
        )
        login(request, user, backend="lapak.accounts.backends.IdentifierBackend")
        messages.success(
            request, _("Selamat datang di Lapak, %(name)s! Akun Anda sudah dibuat.") % {"name": user.name}
        )
        return redirect("accounts:home")
    return render(request, "accounts/register.html", {"form": form})


@login_required
def home(request):
    """Each role lands on its own home page."""
    role = request.role
    if not role:
        return render(request, "accounts/no_role.html", status=403)
    return redirect(ROLE_HOME[Role(str(role))])


@login_required
@require_POST
def switch_role(request):
    role = request.POST.get("role")
    if role in request.user.roles():
        request.session[SESSION_KEY] = role
        messages.info(request, _("Sekarang Anda bertindak sebagai %(role)s.") % {"role": Role(role).label})
    return redirect("accounts:home")


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user_update_profile(
            user=request.user,
            actor=request.user,
            name=data["name"],
            phone=data["phone"],
            email=data["email"],
            home_kecamatan=data["kecamatan"],
            home_desa=data["desa"],
        )
        messages.success(request, _("Profil tersimpan."))
        return redirect(reverse("accounts:profile"))
    return render(request, "accounts/profile.html", {"form": form})


@role_required(Role.MASYARAKAT)
def buyer_home(request):
    return render(request, "accounts/buyer_home.html")


password_reset = auth_views.PasswordResetView.as_view(
    form_class=FirstPasswordResetForm,
    template_name="registration/reset_form.html",
    email_template_name="registration/reset_email.txt",
    subject_template_name="registration/reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(template_name="registration/reset_done.html")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        response = super().form_valid(form)
        login_throttle_clear(form.user)  # the lock message promises that a reset lets the owner back in
        return response


password_reset_confirm = PasswordResetConfirmView.as_view(
    template_name="registration/reset_confirm.html",
    success_url=reverse_lazy("accounts:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="registration/reset_complete.html"
)


@login_required
@recent_auth_required()
def recovery_codes(request):
    """New recovery codes replace the old ones (shown once)."""
    if not request.user.is_verified():
        return redirect("accounts:two_factor_setup")
    if request.method == "POST":
        codes = recovery_codes_regenerate(user=request.user)
        return render(
            request, "accounts/two_factor_codes.html", {"codes": codes, "next": reverse("accounts:profile")}
        )
    return render(request, "accounts/recovery_codes.html", {"left": recovery_codes_left(request.user)})


@role_required(*ADMIN_ROLES)
@recent_auth_required()
def api_tokens(request):
    """The person's own API tokens: issue one (its secret shown once), revoke one."""
    tokens = ApiToken.objects.filter(user=request.user).order_by("-created_at")
    secret = None
    if request.method == "POST" and "revoke" in request.POST:
        pk = request.POST["revoke"]
        token = get_object_or_404(tokens, pk=int(pk) if pk.isdigit() else 0)
        api_token_revoke(token=token, actor=request.user)
        messages.success(request, _("Token “%(name)s” dicabut.") % {"name": token.name})
        return redirect("accounts:api_tokens")
    if request.method == "POST":
        name = request.POST.get("name", "").strip()[:100]
        if not name:
            messages.error(request, _("Tulis untuk apa token ini, misalnya “Sinkronisasi BKAD”."))
        else:
            _token, secret = api_token_create(user=request.user, name=name, actor=request.user)
    return render(request, "accounts/api_tokens.html", {"tokens": tokens, "secret": secret})
