from django.contrib import messages
from django.contrib.auth import get_user_model, login, logout
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import (
    PasswordChangeView,
    PasswordResetConfirmView,
    PasswordResetView,
)
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from sciatica.accounts import throttle
from sciatica.accounts.forms import (
    DeleteAccountForm,
    EmailForm,
    NewPasswordForm,
    SignupForm,
    ThrottledPasswordChangeForm,
    TimeZoneForm,
)
from sciatica.accounts.middleware import remember_time_zone
from sciatica.accounts.models import Profile, time_zone_for
from sciatica.accounts.throttle import Throttled


@require_http_methods(["GET", "POST"])
def account_settings(request: HttpRequest) -> HttpResponse:
    current = time_zone_for(request.user)
    posted = request.POST if request.method == "POST" else None
    # Two forms on one page: the email form is the one that sends an "email" field.
    email_posted = posted is not None and "email" in posted
    email_form = EmailForm(posted if email_posted else None, initial={"email": request.user.email})
    form = TimeZoneForm(None if email_posted else posted, current=current)
    if email_posted and email_form.is_valid():
        _save_email(request, email_form.cleaned_data["email"])
        return redirect("account_settings")
    if posted is not None and not email_posted and form.is_valid():
        chosen = form.cleaned_data["time_zone"]
        Profile.objects.update_or_create(user=request.user, defaults={"time_zone": chosen})
        remember_time_zone(request, chosen)
        messages.success(request, f"Saved. Your time zone is now {chosen}.")
        return redirect("account_settings")
    context = {"form": form, "email_form": email_form, "time_zone": current}
    return render(request, "accounts/settings.html", context)


def _save_email(request: HttpRequest, email: str) -> None:
    user = request.user
    user.email = get_user_model().objects.normalize_email(email)
    # Only this column, so that nothing saved meanwhile elsewhere (the admin) is overwritten.
    user.save(update_fields=["email"])
    if user.email:
        messages.success(
            request, f"Saved. If you forget your password, we'll send a link to {user.email}."
        )
    else:
        messages.success(
            request,
            "Your email address is removed. Without one, we can't send you a link if you "
            "forget your password.",
        )


class PasswordChange(PasswordChangeView):
    form_class = ThrottledPasswordChangeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


class PasswordReset(PasswordResetView):
    """Reset emails are limited per address typed and per client, so the form cannot be used
    to flood someone's inbox."""

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().casefold()
        try:
            throttle.begin("reset", f"email:{email}", self.request)
        except Throttled as throttled:
            form.add_error(
                "email",
                f"Too many reset emails were asked for. Try again in {throttled.in_words}.",
            )
            return self.form_invalid(form)
        return super().form_valid(form)


class PasswordResetConfirm(PasswordResetConfirmView):
    form_class = NewPasswordForm

    def form_valid(self, form):
        response = super().form_valid(form)
        # The owner has proved who they are: earlier failed guesses no longer hold them up.
        key = throttle.user_key(form.user)
        throttle.clear("login", key)
        throttle.clear("password", key)
        return response


@login_not_required
@sensitive_post_parameters("password1", "password2")
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("progress:dashboard")
    form = SignupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user)
        messages.success(request, f"Welcome, {user.get_username()}. Your account is ready.")
        return redirect("progress:dashboard")
    return render(request, "registration/signup.html", {"form": form})


@sensitive_post_parameters("password")
def delete_account(request: HttpRequest) -> HttpResponse:
    """Deleting an account deletes its whole log: the page offers the CSV download first."""
    form = DeleteAccountForm(
        request.POST if request.method == "POST" else None, user=request.user, request=request
    )
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        user.delete()
        messages.success(request, "Your account and your log are deleted.")
        return redirect("exercises:list")
    return render(request, "registration/delete_account.html", {"form": form})
