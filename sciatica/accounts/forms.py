from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    SetPasswordForm,
    UserCreationForm,
)
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from sciatica.accounts import throttle
from sciatica.accounts.models import Profile
from sciatica.accounts.reminders import DAY_NAMES
from sciatica.accounts.throttle import Throttled
from sciatica.accounts.zones import known_time_zones, time_zone_choices, validate_time_zone


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


class EmailForm(forms.Form):
    """The address a password-reset link goes to. Two accounts may share one (a family's)."""

    email = forms.EmailField(
        label="Email address",
        required=False,
        max_length=254,  # the most the user table holds
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        # Reminders go to it too, but only to a person who asks for them and confirms it.
        help_text="Used to send you a link if you forget your password, and reminders only "
        "if you ask for them below. Leave it empty to remove it.",
        error_messages={
            "invalid": "That is not an email address. Please check it: it should look like "
            "name@example.com.",
            "max_length": "That address is too long: it can have 254 characters at most.",
        },
    )
    # Password-reset links go to this address: someone at a device left signed in must not be
    # able to send them to their own (as Django's password change asks for the old password).
    current_password = forms.CharField(
        label="Your current password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="To confirm that the change is yours.",
        error_messages={
            "required": "Please type your current password to change your email address."
        },
    )

    def __init__(self, *args, user, request: HttpRequest | None = None, **kwargs):
        self.user = user
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_current_password(self) -> str:
        password = self.cleaned_data["current_password"]
        wrong = (
            "That is not your current password, so your email address is unchanged. "
            "Please type it again."
        )
        check_current_password(self.user, password, self.request, wrong)
        return password


User = get_user_model()


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
    # Django's own message says capitals may matter in both fields; here they do in one.
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "That username and password don't match an account. Capitals count "
        "in the password, not in the username.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].help_text = "Capitals don't count."


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


PASSWORD_MISMATCH = "The two new passwords are different. Please type the same one twice."


def _word_new_password_fields(form: SetPasswordForm) -> None:
    # The same words as sign-up's, where Django's are "New password confirmation".
    form.fields["new_password1"].label = "New password"
    form.fields["new_password2"].label = "New password again"
    form.fields["new_password2"].help_text = "Type the same password again, to catch typing slips."


class NewPasswordForm(SetPasswordForm):
    """A new password chosen from a reset link."""

    error_messages = {"password_mismatch": PASSWORD_MISMATCH}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _word_new_password_fields(self)


class ThrottledPasswordChangeForm(PasswordChangeForm):
    error_messages = {
        "password_mismatch": PASSWORD_MISMATCH,
        "password_incorrect": "That is not your current password. Please type it again.",
    }

    def __init__(self, *args, request: HttpRequest | None = None, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Current password"
        _word_new_password_fields(self)

    def clean_old_password(self):
        password = self.cleaned_data["old_password"]
        wrong = self.error_messages["password_incorrect"]
        check_current_password(self.user, password, self.request, wrong)
        return password


class SignupForm(UserCreationForm):
    """Username, an optional e-mail for password resets, and the password twice; the time zone
    comes from the browser (static/js/time-zone.js)."""

    time_zone = forms.CharField(required=False, widget=forms.HiddenInput)

    error_messages = {
        "password_mismatch": "The two passwords are different. Please type the same one twice."
    }

    class Meta(UserCreationForm.Meta):
        fields = ("username", "email")
        widgets = {"email": forms.EmailInput(attrs={"autocomplete": "email"})}
        labels = {"email": "Email (optional)"}
        help_texts = {
            "username": "Letters, numbers and @ . + - _ only. Capitals don't count: "
            "“Alice” and “alice” are the same name.",
            "email": "Only used to send you a link if you forget your password. "
            "Without one, we can't help you back into your account.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password2"].label = "Password again"
        self.fields["password2"].help_text = "Type the same password again, to catch typing slips."

    def clean_username(self) -> str:
        # Two accounts called "Alice" and "alice" would be told apart only by a phone's
        # auto-capitalisation, so names are unique whatever their capitals.
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(
                "That username is taken (capitals don't count). Please choose another.",
                code="unique",
            )
        return username

    def clean_time_zone(self) -> str:
        # A hidden field must not stop a sign-up with an error nobody can see or fix: without
        # JavaScript, or with a zone we don't know, the person gets the site's default and can
        # change it in their settings.
        name = self.cleaned_data["time_zone"]
        return name if name in known_time_zones() else settings.TIME_ZONE

    def save(self, commit=True):
        with transaction.atomic():
            user = super().save(commit=commit)
            if commit:
                Profile.objects.create(user=user, time_zone=self.cleaned_data["time_zone"])
        return user


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password, to confirm",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user=None, request=None, **kwargs):
        self.user = user
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        wrong = "That password is not right; your account is unchanged."
        check_current_password(self.user, password, self.request, wrong)
        return password


class ReminderForm(forms.Form):
    """The days and time of the reminders, for the calendar feed and the emails."""

    days = forms.TypedMultipleChoiceField(
        label="Days",
        coerce=int,
        choices=[(number, name) for number, name in enumerate(DAY_NAMES)],
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Please choose at least one day. To stop reminder emails, untick "
            "“Email me”.",
            "invalid_choice": "Please choose days from the list.",
        },
    )
    at = forms.TimeField(
        label="Time",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text="In your time zone, such as 18:00 for six in the evening.",
        error_messages={
            "required": "Please give a time, such as 18:00.",
            "invalid": "That is not a time. Please write it as hours and minutes, such as 18:00.",
        },
    )
    check_in = forms.BooleanField(
        label="Remind me of the next-morning check-in after a session",
        required=False,
    )
    by_email = forms.BooleanField(label="Email me the reminders", required=False)

    @classmethod
    def for_profile(cls, data, profile: Profile) -> "ReminderForm":
        initial = {
            "days": profile.reminder_days,
            "at": profile.reminder_time,
            "check_in": profile.check_in_reminder,
            "by_email": profile.email_reminders,
        }
        return cls(data, initial=initial)

    def save(self, profile: Profile) -> None:
        profile.reminder_days = sorted(set(self.cleaned_data["days"]))
        profile.reminder_time = self.cleaned_data["at"].replace(second=0, microsecond=0)
        profile.check_in_reminder = self.cleaned_data["check_in"]
        profile.email_reminders = self.cleaned_data["by_email"]
        # Only these columns: the time zone or the stages announced may be saved meanwhile.
        profile.save(
            update_fields=["reminder_days", "reminder_time", "check_in_reminder", "email_reminders"]
        )
