"""Turning reminder notifications on and off for one browser (Web Push): the settings page's
script sends the subscription the browser made, or asks to forget it."""

from cryptography.hazmat.primitives.asymmetric import ec
from django import forms
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_POST

from sciatica.accounts import webpush
from sciatica.accounts.models import PushSubscription

# A person's browsers: phone, tablet, computers. The oldest goes when a new one passes this.
MOST_DEVICES = 10


class SubscriptionForm(forms.Form):
    endpoint = forms.URLField(max_length=1000, assume_scheme="https")
    p256dh = forms.CharField(max_length=100)
    auth = forms.CharField(max_length=50)

    def clean_endpoint(self) -> str:
        endpoint = self.cleaned_data["endpoint"]
        if not webpush.allowed_endpoint(endpoint):
            raise forms.ValidationError(
                "This browser's notification service is not one this site can send to."
            )
        return endpoint

    def clean_p256dh(self) -> str:
        key = self.cleaned_data["p256dh"]
        try:
            ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), webpush.unb64(key))
        except ValueError:
            raise forms.ValidationError(
                "The browser's key for notifications is not valid."
            ) from None
        return key

    def clean_auth(self) -> str:
        secret = self.cleaned_data["auth"]
        try:
            valid = len(webpush.unb64(secret)) == 16
        except ValueError:
            valid = False
        if not valid:
            raise forms.ValidationError("The browser's secret for notifications is not valid.")
        return secret


def _refused(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"ok": False, "error": message}, status=status)


@require_POST
def subscribe(request: HttpRequest) -> JsonResponse:
    if not webpush.enabled():
        return _refused("This site does not send notifications.", status=404)
    form = SubscriptionForm(request.POST)
    if not form.is_valid():
        return _refused(" ".join(error for errors in form.errors.values() for error in errors))
    data = form.cleaned_data
    # A browser is one person's at a time: the one signed in now.
    PushSubscription.objects.update_or_create(
        endpoint=data["endpoint"],
        defaults={"user": request.user, "p256dh": data["p256dh"], "auth": data["auth"]},
    )
    mine = PushSubscription.objects.filter(user=request.user).order_by("-created_at", "-pk")
    oldest = list(mine.values_list("pk", flat=True)[MOST_DEVICES:])
    PushSubscription.objects.filter(pk__in=oldest).delete()
    return JsonResponse({"ok": True, "devices": min(mine.count(), MOST_DEVICES)})


@require_POST
def unsubscribe(request: HttpRequest) -> JsonResponse:
    endpoint = request.POST.get("endpoint", "")
    PushSubscription.objects.filter(user=request.user, endpoint=endpoint).delete()
    return JsonResponse({"ok": True})
