from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .forms import FirstPasswordResetForm, LoginForm, ProfileForm, RegisterForm
from .middleware import SESSION_KEY
from .permissions import role_required
from .roles import ROLE_HOME, Role
from .services import user_register, user_update_profile


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


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
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="registration/reset_confirm.html",
    success_url=reverse_lazy("accounts:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="registration/reset_complete.html"
)
