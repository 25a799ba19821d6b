from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from sciatica.accounts import throttle
from sciatica.accounts.throttle import Throttled
from sciatica.accounts.zones import time_zone_choices, validate_time_zone


class TimeZoneForm(forms.Form):
    time_zone = forms.CharField(
        label="Your time zone",
        validators=[validate_time_zone],
        error_messages={"required": "Please choose your time zone."},
        help_text="Where you are most of the time. Your day starts at midnight here.",
    )

    def __init__(self, *args, current: str, **kwargs) -> None:
        super().__init__(*args, initial={"time_zone": current}, **kwargs)
        self.fields["time_zone"].widget = forms.Select(choices=time_zone_choices(current))


def _too_many(throttled: Throttled, then: str) -> ValidationError:
    return ValidationError(
        f"Too many failed attempts. Try again in {throttled.in_words}{then}.", code="throttled"
    )


class ThrottledLoginMixin:
    """Counts log-in failures under the account that authentication finds, whatever the
    spelling, and checks the limit before the password (see throttle.py)."""

    def clean(self):
        try:
            attempt = throttle.begin(
                "login", throttle.login_key(self.data.get("username")), self.request
            )
        except Throttled as throttled:
            raise _too_many(throttled, ", or reset your password") from None
        cleaned = super().clean()  # a wrong password raises here, and the attempt stays counted
        throttle.succeeded(attempt)
        return cleaned


class ThrottledAuthenticationForm(ThrottledLoginMixin, AuthenticationForm):
    pass


class ThrottledAdminAuthenticationForm(ThrottledLoginMixin, AdminAuthenticationForm):
    """The admin shows everyone's records: its log-in is limited like the app's."""


def check_current_password(user, password: str, request: HttpRequest | None, wrong: str) -> None:
    """The person's current password, typed to confirm a change: limited like a log-in."""
    try:
        attempt = throttle.begin("password", throttle.user_key(user), request)
    except Throttled as throttled:
        raise _too_many(throttled, "") from None
    if not user.check_password(password):
        raise ValidationError(wrong, code="password_incorrect")
    throttle.succeeded(attempt)


class ThrottledPasswordChangeForm(PasswordChangeForm):
    def __init__(self, *args, request: HttpRequest | None = None, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_old_password(self):
        password = self.cleaned_data["old_password"]
        wrong = self.error_messages["password_incorrect"]
        check_current_password(self.user, password, self.request, wrong)
        return password
