from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from sciatica.accounts.forms import TimeZoneForm
from sciatica.accounts.middleware import remember_time_zone
from sciatica.accounts.models import Profile, time_zone_for


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
