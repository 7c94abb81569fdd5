from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from accounts import services
from accounts.forms import EmailAuthenticationForm, OutboxPasswordResetForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """Log out on POST only (Django refuses GET with 405)."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You are now logged out."))
        return response


def locked_out(request, original_response=None, credentials=None):
    """Answer a throttled login attempt (django-axes) with the login page and an explanation."""
    form = EmailAuthenticationForm(request, data=request.POST or None)
    form.is_valid()  # bind the typed e-mail address so the user does not lose it
    return render(
        request,
        "accounts/login.html",
        {"form": form, "locked_out": True},
        status=429,
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = OutboxPasswordResetForm
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:login")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your new password is saved. You can log in now."))
        return response


# --- Invitations -------------------------------------------------------------


def invitation_accept(request, token):
    """Let an invited person choose a password with their one-time link."""
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
