from django.contrib import messages
from django.contrib.auth.views import (
    PasswordChangeView,
    PasswordResetConfirmView,
    PasswordResetView,
)
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from sciatica.accounts import throttle
from sciatica.accounts.forms import ThrottledPasswordChangeForm, TimeZoneForm
from sciatica.accounts.middleware import remember_time_zone
from sciatica.accounts.models import Profile, time_zone_for
from sciatica.accounts.throttle import Throttled


@require_http_methods(["GET", "POST"])
def account_settings(request: HttpRequest) -> HttpResponse:
    current = time_zone_for(request.user)
    form = TimeZoneForm(request.POST if request.method == "POST" else None, current=current)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["time_zone"]
        Profile.objects.update_or_create(user=request.user, defaults={"time_zone": chosen})
        remember_time_zone(request, chosen)
        messages.success(request, f"Saved. Your time zone is now {chosen}.")
        return redirect("account_settings")
    return render(request, "accounts/settings.html", {"form": form, "time_zone": current})


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
    def form_valid(self, form):
        response = super().form_valid(form)
        # The owner has proved who they are: earlier failed guesses no longer hold them up.
        key = throttle.user_key(form.user)
        throttle.clear("login", key)
        throttle.clear("password", key)
        return response
