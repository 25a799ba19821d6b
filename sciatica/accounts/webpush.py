"""Reminders as notifications on a person's own device, by the browsers' Web Push, with no
third-party service of ours: the browser's own push service (Google's for Chromium, Mozilla's for
Firefox, Apple's for Safari) carries a message that only that browser can read.

Two standards, written here with the `cryptography` package's primitives:
- VAPID (RFC 8292): each request carries a short token signed with this site's key, so the push
  service knows the sender. The keys come from the environment (`manage.py vapid_keys` makes a
  pair); without them push is off and the settings page does not offer it.
- Message encryption (RFC 8291, aes128gcm): the reminder's words are encrypted for the one
  subscription, with its public key and secret.

The words are the email's: nothing about a person's health, as a notification can be read over a
shoulder.
"""

import base64
import json
import os
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

# How long a push service keeps a reminder for a device that is off: a reminder is no use the
# day after (seconds).
TIME_TO_LIVE = 6 * 3600
TIMEOUT = 10
RECORD_SIZE = 4096


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def enabled() -> bool:
    return bool(settings.WEB_PUSH["public_key"] and settings.WEB_PUSH["private_key"])


def new_keys() -> tuple[str, str]:
    """A new VAPID key pair, as the environment holds them: (public, private), base64url."""
    key = ec.generate_private_key(ec.SECP256R1())
    private = key.private_numbers().private_value.to_bytes(32, "big")
    return b64(_public_bytes(key.public_key())), b64(private)


def _public_bytes(key: ec.EllipticCurvePublicKey) -> bytes:
    return key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )


def _private_key(text: str) -> ec.EllipticCurvePrivateKey:
    return ec.derive_private_key(int.from_bytes(unb64(text), "big"), ec.SECP256R1())


def allowed_endpoint(endpoint: str) -> bool:
    """Only the browsers' push services: the server posts to this address, so a made-up one
    must not point it at a machine of someone's choosing."""
    try:
        parts = urlsplit(endpoint)
    except ValueError:
        return False
    host = (parts.hostname or "").lower()
    return (
        parts.scheme == "https"
        and parts.port in (None, 443)
        and not parts.username
        and any(host == name or host.endswith("." + name) for name in settings.PUSH_SERVICES)
    )


def vapid_authorization(endpoint: str, now: float | None = None) -> str:
    """The Authorization header for one push service: a token for its origin, valid 12 hours."""
    parts = urlsplit(endpoint)
    claims = {
        "aud": f"{parts.scheme}://{parts.netloc}",
        "exp": int((now or time.time()) + 12 * 3600),
        "sub": settings.WEB_PUSH["subject"],
    }
    header = b64(json.dumps({"typ": "JWT", "alg": "ES256"}).encode())
    body = b64(json.dumps(claims, separators=(",", ":")).encode())
    signing_input = f"{header}.{body}".encode()
    der = _private_key(settings.WEB_PUSH["private_key"]).sign(
        signing_input, ec.ECDSA(hashes.SHA256())
    )
    r, s = decode_dss_signature(der)
    token = f"{header}.{body}.{b64(r.to_bytes(32, 'big') + s.to_bytes(32, 'big'))}"
    return f"vapid t={token}, k={settings.WEB_PUSH['public_key']}"


def _hkdf(secret: bytes, salt: bytes, info: bytes, length: int) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=salt, info=info).derive(secret)


def encrypt(
    payload: bytes,
    p256dh: str,
    auth: str,
    *,
    salt: bytes | None = None,
    server_key: ec.EllipticCurvePrivateKey | None = None,
) -> bytes:
    """The message body for one subscription (RFC 8291). `salt` and `server_key` are fresh for
    every message; they are parameters only so that the RFC's worked example can be checked."""
    salt = salt or os.urandom(16)
    server_key = server_key or ec.generate_private_key(ec.SECP256R1())
    user_public = unb64(p256dh)
    server_public = _public_bytes(server_key.public_key())
    shared = server_key.exchange(
        ec.ECDH(), ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), user_public)
    )
    ikm = _hkdf(shared, unb64(auth), b"WebPush: info\x00" + user_public + server_public, 32)
    key = _hkdf(ikm, salt, b"Content-Encoding: aes128gcm\x00", 16)
    nonce = _hkdf(ikm, salt, b"Content-Encoding: nonce\x00", 12)
    # One record, ended by the padding delimiter 2.
    encrypted = AESGCM(key).encrypt(nonce, payload + b"\x02", None)
    header = salt + RECORD_SIZE.to_bytes(4, "big") + bytes([len(server_public)]) + server_public
    return header + encrypted


@dataclass(frozen=True)
class Outcome:
    delivered: bool
    gone: bool  # the subscription has ended (unsubscribed, browser data cleared): forget it


def send(endpoint: str, p256dh: str, auth: str, message: dict) -> Outcome:
    body = encrypt(json.dumps(message).encode(), p256dh, auth)
    request = urllib.request.Request(
        endpoint,
        data=body,
        method="POST",
        headers={
            "Authorization": vapid_authorization(endpoint),
            "Content-Encoding": "aes128gcm",
            "Content-Type": "application/octet-stream",
            "TTL": str(TIME_TO_LIVE),
            "Urgency": "normal",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return Outcome(delivered=200 <= response.status < 300, gone=False)
    except urllib.error.HTTPError as error:
        return Outcome(delivered=False, gone=error.code in (404, 410))
