"""Sign-up. Log in, log out and passwords use django.contrib.auth's own views and templates."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login, logout
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.debug import sensitive_post_parameters

from sciatica.accounts.forms import check_current_password
from sciatica.accounts.models import Profile
from sciatica.accounts.zones import known_time_zones

User = get_user_model()


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


class CaseInsensitiveModelBackend(ModelBackend):
    """Log in as "alice" whether it is typed "alice" or "Alice", as sign-up treats them alike.

    Enabled by AUTHENTICATION_BACKENDS = ["progress.accounts.CaseInsensitiveModelBackend"].
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is not None:
            # An exact match wins; look-alike names made before sign-up refused them are
            # ambiguous, so only a single case-insensitive match is taken.
            names = set(
                User.objects.filter(username__iexact=username).values_list("username", flat=True)
            )
            if username not in names and len(names) == 1:
                username = names.pop()
        return super().authenticate(request, username=username, password=password, **kwargs)


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
