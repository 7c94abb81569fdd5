from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from accounts import services
from accounts.forms import EmailAuthenticationForm, OutboxPasswordResetForm
from accounts.security import client_ip
from accounts.sso.links import login_buttons, provider_logout_url
from accounts.sso.session import sso_provider_of


class LocalLoginMixin:
    """Pages of the local password login: gone (404) when LOCAL_LOGIN_ENABLED is off."""

    def dispatch(self, request, *args, **kwargs):
        if not settings.LOCAL_LOGIN_ENABLED:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class LoginView(auth_views.LoginView):
    """The login page: a button per single sign-on provider, and the password form."""

    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if not settings.LOCAL_LOGIN_ENABLED:
            raise Http404
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        return {**context, **_login_choices(context.get("next", ""))}


def _login_choices(next_url: str) -> dict:
    """Return what the login page offers: provider buttons and whether the password form shows."""
    return {"providers": login_buttons(next_url), "local_login": settings.LOCAL_LOGIN_ENABLED}


class LogoutView(auth_views.LogoutView):
    """Log out on POST only (Django refuses GET with 405).

    After a single sign-on session the page offers the provider's logout too: the
    session here ends either way, the one at the provider only if the user asks.
    """

    def post(self, request, *args, **kwargs):
        provider_id = sso_provider_of(request)
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You are now logged out."))
        if provider_id is not None:
            url = provider_logout_url(request, provider_id)
            if url:
                name = next(
                    (a["name"] for a in settings.SSO_APPS if a["provider_id"] == provider_id), ""
                )
                context = {"provider_logout_url": url, "provider_name": name}
                return render(request, "accounts/logged_out.html", context)
        return response


def locked_out(request, original_response=None, credentials=None):
    """Answer a throttled login attempt (django-axes) with the login page and an explanation."""
    form = EmailAuthenticationForm(request, data=request.POST or None)
    form.is_valid()  # bind the typed e-mail address so the user does not lose it
    return render(
        request,
        "accounts/login.html",
        {
            "form": form,
            "locked_out": True,
            "lockout_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
            **_login_choices(""),
        },
        status=429,
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response


class PasswordResetView(LocalLoginMixin, auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = OutboxPasswordResetForm
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        try:
            services.password_reset_throttle(
                email=form.cleaned_data["email"], ip=client_ip(self.request)
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


class PasswordResetDoneView(LocalLoginMixin, auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(LocalLoginMixin, auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:login")

    def form_valid(self, form):
        response = super().form_valid(form)
        # The link proved who it is: a login paused by too many failures works at once.
        services.login_lock_lift(user=form.user)
        messages.success(self.request, _("Your new password is saved. You can log in now."))
        return response


# --- Invitations -------------------------------------------------------------


def invitation_accept(request, token):
    """Let an invited person choose a password with their one-time link."""
    if not settings.LOCAL_LOGIN_ENABLED:
        raise Http404
    invitation = services.invitation_get(token)
    if invitation is None or not invitation.is_usable():
        reason = "unknown"
        if invitation is not None:
            reason = "used" if invitation.used_at else "expired"
        return render(request, "accounts/invitation_invalid.html", {"reason": reason}, status=410)
    form = SetPasswordForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.invitation_accept(
            invitation=invitation, password=form.cleaned_data["new_password1"]
        )
        login(request, user, backend="accounts.backends.EmailBackend")
        messages.success(request, _("Welcome! Your password is saved and you are logged in."))
        return redirect("home")
    return render(
        request, "accounts/invitation_accept.html", {"form": form, "invited": invitation.user}
    )
