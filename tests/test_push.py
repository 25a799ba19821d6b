"""Reminders as notifications (Web Push): the message encryption and the site's signature as the
standards define them, the settings that turn a browser on and off, and send_reminders sending
to browsers: once a day, nothing about health, forgetting a browser that has gone."""

import json
import os
from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from sciatica.accounts import webpush
from sciatica.accounts.models import Profile, PushSubscription, ReminderSent
from sciatica.accounts.webpush import b64, unb64

PUBLIC, PRIVATE = webpush.new_keys()
KEYS = {"public_key": PUBLIC, "private_key": PRIVATE, "subject": "mailto:care@sciatica.example"}
with_push = override_settings(WEB_PUSH=KEYS)
FCM = "https://fcm.googleapis.com/fcm/send/abc123"


# The standards


def test_the_message_is_encrypted_exactly_as_the_rfcs_worked_example():
    """RFC 8291, section 5: the same keys, secret and salt give the same bytes."""
    server_key = ec.derive_private_key(
        int.from_bytes(unb64("yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw"), "big"),
        ec.SECP256R1(),
    )
    body = webpush.encrypt(
        b"When I grow up, I want to be a watermelon",
        "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4",
        "BTBZMqHH6r4Tts7J_aSIgg",
        salt=unb64("DGv6ra1nlYgDCS1FRnbzlw"),
        server_key=server_key,
    )
    assert b64(body) == (
        "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmY"
        "WAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexS"
        "gSxsj_Qulcy4a-fN"
    )


class Browser:
    """A browser's side of a subscription: its key pair and secret, and reading a message."""

    def __init__(self, endpoint: str = FCM):
        self.key = ec.generate_private_key(ec.SECP256R1())
        public = self.key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        self.fields = {"endpoint": endpoint, "p256dh": b64(public), "auth": b64(os.urandom(16))}

    def read(self, body: bytes) -> dict:
        salt, server_public = body[:16], body[21 : 21 + body[20]]
        shared = self.key.exchange(
            ec.ECDH(), ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), server_public)
        )

        def hkdf(secret, salt, info, length):
            return HKDF(hashes.SHA256(), length, salt, info).derive(secret)

        user_public = unb64(self.fields["p256dh"])
        ikm = hkdf(
            shared, unb64(self.fields["auth"]), b"WebPush: info\0" + user_public + server_public, 32
        )
        key = hkdf(ikm, salt, b"Content-Encoding: aes128gcm\0", 16)
        nonce = hkdf(ikm, salt, b"Content-Encoding: nonce\0", 12)
        plain = AESGCM(key).decrypt(nonce, body[21 + body[20] :], None)
        assert plain.endswith(b"\x02")
        return json.loads(plain[:-1])


def verify_vapid(header: str, public_key: str = PUBLIC) -> dict:
    """Checks the Authorization header as a push service does (RFC 8292) and returns its claims."""
    token, key = (part.split("=", 1)[1] for part in header.removeprefix("vapid ").split(", "))
    assert key == public_key
    head, body, signature = token.split(".")
    assert json.loads(unb64(head)) == {"typ": "JWT", "alg": "ES256"}
    raw = unb64(signature)
    public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64(key))
    public.verify(
        encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big")),
        f"{head}.{body}".encode(),
        ec.ECDSA(hashes.SHA256()),
    )
    return json.loads(unb64(body))


@with_push
def test_each_request_is_signed_for_the_push_services_origin_for_twelve_hours():
    header = webpush.vapid_authorization(FCM, now=1_800_000_000)
    claims = verify_vapid(header)
    assert claims == {
        "aud": "https://fcm.googleapis.com",
        "exp": 1_800_000_000 + 12 * 3600,
        "sub": "mailto:care@sciatica.example",
    }


@with_push
def test_a_signature_from_another_key_is_refused():
    token = webpush.vapid_authorization(FCM).split(", k=")[0]
    other = webpush.new_keys()[0]
    with pytest.raises(InvalidSignature):
        verify_vapid(f"{token}, k={other}", public_key=other)


@pytest.mark.parametrize(
    "endpoint, allowed",
    [
        (FCM, True),
        ("https://updates.push.services.mozilla.com/wpush/v2/gAAAA", True),
        ("https://web.push.apple.com/QGuQyavXutnMH", True),
        ("https://wns2-par02p.notify.windows.com/w/?token=BQYAAA", True),
        ("http://fcm.googleapis.com/fcm/send/abc", False),
        ("https://fcm.googleapis.com.attacker.example/x", False),
        ("https://attacker.example/fcm.googleapis.com", False),
        ("https://fcm.googleapis.com:8443/fcm/send/abc", False),
        ("https://user@fcm.googleapis.com/fcm/send/abc", False),
        ("https://127.0.0.1/fcm/send", False),
        ("javascript:alert(1)", False),
    ],
)
def test_only_the_browsers_push_services_are_sent_to(endpoint, allowed):
    assert webpush.allowed_endpoint(endpoint) is allowed


def test_vapid_keys_prints_a_pair_that_signs_and_verifies():
    out = StringIO()
    call_command("vapid_keys", stdout=out)
    lines = dict(line.split("=", 1) for line in out.getvalue().splitlines() if "=" in line)
    public, private = lines["DJANGO_VAPID_PUBLIC_KEY"], lines["DJANGO_VAPID_PRIVATE_KEY"]
    assert len(unb64(public)) == 65 and len(unb64(private)) == 32
    with override_settings(WEB_PUSH={**KEYS, "public_key": public, "private_key": private}):
        header = webpush.vapid_authorization(FCM)
    assert header.endswith(f", k={public}")


# Settings: a browser turned on and off

needs_db = pytest.mark.django_db


def subscribe(client, browser: Browser, **changes):
    return client.post("/accounts/settings/push/", {**browser.fields, **changes})


@needs_db
@with_push
def test_a_browser_is_turned_on_and_off_for_the_person_signed_in(client_alice, alice):
    browser = Browser()
    response = subscribe(client_alice, browser)
    assert response.status_code == 200 and response.json() == {"ok": True, "devices": 1}
    stored = PushSubscription.objects.get()
    assert (stored.user, stored.endpoint, stored.auth) == (alice, FCM, browser.fields["auth"])
    # Sent twice (a second press), still one.
    subscribe(client_alice, browser)
    assert PushSubscription.objects.count() == 1

    response = client_alice.post("/accounts/settings/push/stop/", {"endpoint": FCM})
    assert response.json() == {"ok": True}
    assert not PushSubscription.objects.exists()


@needs_db
@with_push
@pytest.mark.parametrize(
    "changes, error",
    [
        ({"endpoint": "https://attacker.example/push"}, "not one this site can send to"),
        ({"endpoint": "not an address"}, "Enter a valid URL"),
        ({"endpoint": ""}, "required"),
        ({"p256dh": b64(b"\x04" + b"\x01" * 64)}, "key for notifications is not valid"),
        ({"p256dh": "!!!"}, "key for notifications is not valid"),
        ({"auth": b64(b"short")}, "secret for notifications is not valid"),
        ({"auth": "x" * 60}, "at most 50 characters"),
    ],
)
def test_a_subscription_that_is_not_a_browsers_is_refused_with_the_reason(
    client_alice, changes, error
):
    response = subscribe(client_alice, Browser(), **changes)
    assert response.status_code == 400
    assert response.json()["ok"] is False and error in response.json()["error"]
    assert not PushSubscription.objects.exists()


@needs_db
def test_without_the_sites_keys_nothing_is_offered_or_stored(client_alice):
    assert 'id="push"' not in client_alice.get("/accounts/settings/").content.decode()
    assert subscribe(client_alice, Browser()).status_code == 404
    assert not PushSubscription.objects.exists()


@needs_db
@with_push
def test_with_the_keys_the_settings_offer_it_with_the_public_key(client_alice):
    html = client_alice.get("/accounts/settings/").content.decode()
    assert f'data-key="{PUBLIC}"' in html
    assert "Show reminders on this device" in html
    assert PRIVATE not in html


@needs_db
@with_push
def test_signing_in_on_a_subscribed_browser_makes_it_the_new_persons(client, alice, bob):
    browser = Browser()
    client.force_login(alice)
    subscribe(client, browser)
    client.force_login(bob)
    subscribe(client, browser)
    assert PushSubscription.objects.get().user == bob
    # Stopping is only for one's own browsers.
    client.force_login(alice)
    client.post("/accounts/settings/push/stop/", {"endpoint": FCM})
    assert PushSubscription.objects.count() == 1


@needs_db
@with_push
def test_a_person_keeps_their_ten_newest_browsers(client_alice):
    for n in range(11):
        subscribe(client_alice, Browser(f"{FCM}/{n}"))
    endpoints = set(PushSubscription.objects.values_list("endpoint", flat=True))
    assert len(endpoints) == 10 and f"{FCM}/0" not in endpoints


@needs_db
@with_push
def test_turning_it_on_needs_a_signed_in_person_and_the_form_token(client):
    response = subscribe(client, Browser())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not PushSubscription.objects.exists()


# send_reminders

LONDON = ZoneInfo("Europe/London")
MONDAY_EVENING = datetime(2026, 11, 23, 18, 5, tzinfo=LONDON)


class PushService:
    """Stands in for the browsers' push services: keeps what was posted, answers with `status`."""

    def __init__(self, status: int = 201):
        self.status, self.requests = status, []

    def __call__(self, request, timeout):
        self.requests.append(request)
        if self.status >= 400:
            raise webpush.urllib.error.HTTPError(request.full_url, self.status, "", {}, None)
        service = self

        class Answer:
            status = service.status

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                return False

        return Answer()


@pytest.fixture
def service(monkeypatch):
    service = PushService()
    monkeypatch.setattr(webpush.urllib.request, "urlopen", service)
    return service


def someone(django_user_model, name: str, email: bool = False):
    user = django_user_model.objects.create_user(name, f"{name}@example.com", "long-pass-phrase")
    Profile.objects.create(
        user=user,
        time_zone="Europe/London",
        email_reminders=email,
        confirmed_email=user.email if email else "",
    )
    return user


def with_browser(user) -> Browser:
    browser = Browser(f"{FCM}/{user.username}")
    PushSubscription.objects.create(user=user, **browser.fields)
    return browser


def send_at(now: datetime) -> None:
    with time_machine.travel(now, tick=False):
        call_command("send_reminders", site_url="https://sciatica.example", stdout=StringIO())


@needs_db
@with_push
def test_a_due_reminder_reaches_the_browser_encrypted_signed_and_saying_nothing_of_health(
    django_user_model, service
):
    dana = someone(django_user_model, "dana")
    browser = with_browser(dana)
    send_at(MONDAY_EVENING)
    [request] = service.requests
    assert request.full_url == f"{FCM}/dana"
    headers = {name.lower(): value for name, value in request.header_items()}
    assert headers["content-encoding"] == "aes128gcm"
    assert int(headers["ttl"]) <= 24 * 3600
    claims = verify_vapid(headers["authorization"])
    assert claims["aud"] == "https://fcm.googleapis.com"
    assert claims["exp"] == MONDAY_EVENING.timestamp() + 12 * 3600
    assert browser.read(request.data) == {"title": "Time for your exercises", "url": "/progress/"}
    # No email: dana chose none.
    assert mail.outbox == []


@needs_db
@with_push
def test_a_person_with_email_and_a_browser_gets_both_once_a_day(django_user_model, service):
    erin = someone(django_user_model, "erin", email=True)
    with_browser(erin)
    send_at(MONDAY_EVENING)
    send_at(MONDAY_EVENING.replace(minute=20))
    assert len(service.requests) == 1 and len(mail.outbox) == 1
    assert ReminderSent.objects.filter(user=erin).count() == 1


@needs_db
@with_push
def test_a_browser_that_has_gone_is_forgotten_and_the_day_is_not_counted(
    django_user_model, service
):
    fay = someone(django_user_model, "fay")
    with_browser(fay)
    service.status = 410
    send_at(MONDAY_EVENING)
    assert not PushSubscription.objects.exists()
    # Nothing reached her: a way she adds later today still gets today's reminder.
    assert not ReminderSent.objects.filter(user=fay).exists()


@needs_db
@with_push
def test_a_push_service_that_fails_is_tried_again_on_the_next_run(django_user_model, service):
    gus = someone(django_user_model, "gus")
    with_browser(gus)
    service.status = 503
    send_at(MONDAY_EVENING)
    assert PushSubscription.objects.count() == 1
    assert not ReminderSent.objects.exists()
    service.status = 201
    send_at(MONDAY_EVENING.replace(minute=15))
    assert ReminderSent.objects.filter(user=gus).count() == 1
    assert len(service.requests) == 2


@needs_db
def test_without_the_sites_keys_no_notification_is_sent(django_user_model, service):
    hal = someone(django_user_model, "hal")
    with_browser(hal)
    send_at(MONDAY_EVENING)
    assert service.requests == []
    assert not ReminderSent.objects.exists()
