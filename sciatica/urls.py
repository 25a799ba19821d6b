from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import include, path
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from progress.views.summary import shared
from sciatica import offline
from sciatica.accounts import push
from sciatica.accounts import views as accounts
from sciatica.accounts.forms import ThrottledAdminAuthenticationForm, ThrottledAuthenticationForm

admin.site.site_header = "sciatica content"
admin.site.site_title = "sciatica content"
admin.site.login_form = ThrottledAdminAuthenticationForm


@login_not_required
def favicon(request):
    # Browsers ask for /favicon.ico on pages that name no icon (the admin's, error pages).
    # Not permanent: the hashed file name changes with the icon.
    return HttpResponseRedirect(static("favicon.svg"))


@login_not_required
@require_safe
def guidance(request: HttpRequest) -> HttpResponse:
    # The rule's numbers come from the settings the gate uses, so the page cannot drift from it.
    return render(request, "guidance.html", {"rules": settings.GATE_RULES})


@login_not_required
@require_safe
def welcome(request: HttpRequest) -> HttpResponse:
    """What the app is, for a visitor; someone signed in goes straight to their dashboard."""
    if request.user.is_authenticated:
        return redirect("progress:dashboard")
    return render(request, "welcome.html", {"rules": settings.GATE_RULES})


urlpatterns = [
    path("favicon.ico", favicon),
    path("manifest.webmanifest", offline.manifest, name="manifest"),
    # At the site's root, so that the worker's scope is the whole site.
    path("sw.js", offline.service_worker, name="service_worker"),
    path("offline/", offline.offline, name="offline"),
    path("offline/waiting/", offline.outbox, name="outbox"),
    path("", welcome, name="home"),
    path("exercises/", include("exercises.urls")),
    path(
        "guidance/",
        guidance,
        name="guidance",
    ),
    path(
        "emergency/",
        # Public and cacheable: it must open for anyone, on a poor connection too.
        login_not_required(
            cache_control(public=True, max_age=3600)(
                TemplateView.as_view(template_name="emergency.html")
            )
        ),
        name="emergency",
    ),
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/delete/", accounts.delete_account, name="delete_account"),
    path("accounts/settings/", accounts.account_settings, name="account_settings"),
    path("accounts/settings/reminders/", accounts.reminder_settings, name="reminder_settings"),
    path("accounts/settings/calendar/", accounts.calendar_link, name="calendar_link"),
    path("accounts/settings/push/", push.subscribe, name="push_subscribe"),
    path("accounts/settings/push/stop/", push.unsubscribe, name="push_unsubscribe"),
    path("accounts/settings/confirm-email/", accounts.send_confirmation, name="send_confirmation"),
    path("accounts/confirm-email/<str:token>/", accounts.confirm_email, name="confirm_email"),
    path("calendar/<str:token>.ics", accounts.calendar_feed, name="calendar_feed"),
    path("reminders/unsubscribe/<str:token>/", accounts.unsubscribe, name="unsubscribe"),
    path(
        "accounts/login/",
        LoginView.as_view(authentication_form=ThrottledAuthenticationForm),
        name="login",
    ),
    # django.contrib.auth's views, with limits on password guessing and reset emails.
    path(
        "accounts/password_change/",
        accounts.PasswordChange.as_view(),
        name="password_change",
    ),
    path("accounts/password_reset/", accounts.PasswordReset.as_view(), name="password_reset"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        accounts.PasswordResetConfirm.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("progress/", include("progress.urls")),
    # A summary shared with a clinician: no login, the token is the key (see progress/sharing.py).
    path("shared/<str:token>/", shared, name="shared_summary"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static as serve_files

    urlpatterns += serve_files(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
