from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login, logout
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import (
    PasswordChangeView,
    PasswordResetConfirmView,
    PasswordResetView,
)
from django.core.mail import send_mail
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.crypto import constant_time_compare
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from sciatica.accounts import calendar, reminders, throttle, webpush
from sciatica.accounts.forms import (
    DeleteAccountForm,
    EmailForm,
    NewPasswordForm,
    ReminderForm,
    SignupForm,
    ThrottledPasswordChangeForm,
    TimeZoneForm,
)
from sciatica.accounts.middleware import remember_time_zone
from sciatica.accounts.models import Profile, time_zone_for
from sciatica.accounts.reminders import DAY_NAMES
from sciatica.accounts.throttle import Throttled


@require_http_methods(["GET", "POST"])
def account_settings(
    request: HttpRequest, reminder_form: ReminderForm | None = None
) -> HttpResponse:
    current = time_zone_for(request.user)
    # A reminder form given is one posted to reminder_settings, shown again with its errors.
    posted = request.POST if request.method == "POST" and reminder_form is None else None
    # Two forms on one page: the email form is the one that sends an "email" field.
    email_posted = posted is not None and "email" in posted
    email_form = EmailForm(
        posted if email_posted else None,
        initial={"email": request.user.email},
        user=request.user,
        request=request,
    )
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
    context |= _reminders_context(request, reminder_form)
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


# Reminders: the settings section, the calendar feed, confirming an address and unsubscribing.

NEW_CALENDAR_URL = "new_calendar_url"


def _profile(user) -> Profile:
    return Profile.objects.get_or_create(user=user)[0]


def _reminders_context(request: HttpRequest, form: ReminderForm | None) -> dict:
    profile = _profile(request.user)
    # The feed's address is shown once, just after it is made: only its hash is kept.
    url = request.session.pop(NEW_CALENDAR_URL, None)
    return {
        "reminder_form": form or ReminderForm.for_profile(None, profile),
        "profile": profile,
        "new_calendar_url": url,
        # webcal: opens the phone's or computer's calendar app, ready to subscribe.
        "new_calendar_webcal": url and "webcal://" + url.split("://", 1)[1],
        "push_key": webpush.enabled() and settings.WEB_PUSH["public_key"],
    }


def _to_reminders() -> HttpResponse:
    return redirect(reverse("account_settings") + "#reminders")


@require_POST
def reminder_settings(request: HttpRequest) -> HttpResponse:
    profile = _profile(request.user)
    form = ReminderForm.for_profile(request.POST, profile)
    if not form.is_valid():
        return account_settings(request, reminder_form=form)
    form.save(profile)
    days = ", ".join(DAY_NAMES[day] for day in profile.reminder_days)
    message = f"Saved. Reminders on {days} at {profile.reminder_time:%H:%M}."
    if profile.email_reminders and not profile.email_confirmed:
        message += " Emails start once you have confirmed your email address."
    messages.success(request, message)
    return _to_reminders()


@require_POST
def calendar_link(request: HttpRequest) -> HttpResponse:
    """Makes a new feed address, which replaces the old one, or removes it ("stop")."""
    profile = _profile(request.user)
    if request.POST.get("action") == "stop":
        profile.calendar_token_hash = None
        profile.save(update_fields=["calendar_token_hash"])
        messages.success(request, "Your calendar address no longer works.")
        return _to_reminders()
    token = calendar.new_token()
    profile.calendar_token_hash = calendar.token_hash(token)
    profile.save(update_fields=["calendar_token_hash"])
    url = request.build_absolute_uri(reverse("calendar_feed", args=[token]))
    request.session[NEW_CALENDAR_URL] = url
    return _to_reminders()


@login_not_required
@require_safe
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    from progress.models import Session

    wanted = calendar.token_hash(token)
    profile = Profile.objects.select_related("user").filter(calendar_token_hash=wanted).first()
    # The lookup is by hash, so the time it takes tells nothing about the token; compared
    # once more in constant time all the same.
    if profile is None or not constant_time_compare(profile.calendar_token_hash, wanted):
        raise Http404("No such calendar")
    choice = profile.reminder_choice()
    today = timezone.now().astimezone(ZoneInfo(choice.time_zone)).date()
    session_days = Session.objects.filter(
        user=profile.user, date__gte=today - timedelta(days=calendar.CHECK_IN_DAYS)
    ).values_list("date", flat=True)
    since = profile.user.date_joined.astimezone(ZoneInfo(choice.time_zone)).date()
    text = calendar.feed(
        choice,
        since=since,
        session_days=list(session_days),
        uid_prefix=profile.calendar_token_hash[:16],
        link=request.build_absolute_uri(reverse("progress:dashboard")),
        check_in_link=request.build_absolute_uri(reverse("progress:dashboard")),
        now=timezone.now().astimezone(UTC),
    )
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    # The feed names the days a person exercises: no shared cache may keep it.
    patch_cache_control(response, private=True, max_age=3600)
    response["Content-Disposition"] = 'inline; filename="exercise-reminders.ics"'
    return response


@require_POST
def send_confirmation(request: HttpRequest) -> HttpResponse:
    email = request.user.email
    if not email:
        messages.error(request, "Add an email address first, above.")
        return _to_reminders()
    try:
        throttle.begin("reset", f"email:{email.strip().casefold()}", request)
    except Throttled as throttled:
        messages.error(
            request, f"Too many emails were asked for. Try again in {throttled.in_words}."
        )
        return _to_reminders()
    token = reminders.confirm_token(request.user.pk, email)
    link = request.build_absolute_uri(reverse("confirm_email", args=[token]))
    context = {"link": link, "days": reminders.CONFIRM_FOR.days}
    send_mail(
        render_to_string("email/confirm_email_subject.txt").strip(),
        render_to_string("email/confirm_email.txt", context),
        None,
        [email],
    )
    messages.success(request, f"We've sent a link to {email}. Open it to confirm the address.")
    return _to_reminders()


@login_not_required
@require_http_methods(["GET", "POST"])
def confirm_email(request: HttpRequest, token: str) -> HttpResponse:
    """Asks for a press of a button before confirming, so that a mail program that opens
    links to check them does not confirm an address on its own."""
    user_id, email = reminders.read_confirm_token(token) or (None, "")
    # A link for an address the account no longer has confirms nothing.
    user = get_user_model().objects.filter(pk=user_id, email=email).first() if email else None
    if user is None:
        return render(request, "accounts/confirm_email.html", {"broken": True}, status=404)
    if request.method == "POST":
        profile = _profile(user)
        profile.confirmed_email = email
        profile.save(update_fields=["confirmed_email"])
        return render(request, "accounts/confirm_email.html", {"confirmed": True, "email": email})
    return render(request, "accounts/confirm_email.html", {"email": email})


@login_not_required
@csrf_exempt  # mail programs send the one-click POST (RFC 8058) with no CSRF token
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Stops reminder emails for the person the signed link names, with no login. A GET shows a
    button (mail programs open links to check them); a POST stops them."""
    user_id = reminders.read_unsubscribe_token(token)
    profile = Profile.objects.filter(user_id=user_id).first() if user_id else None
    if profile is None:
        return render(request, "accounts/unsubscribe.html", {"broken": True}, status=404)
    if request.method == "POST":
        Profile.objects.filter(pk=profile.pk).update(email_reminders=False)
        return render(request, "accounts/unsubscribe.html", {"done": True})
    return render(request, "accounts/unsubscribe.html", {"token": token})
