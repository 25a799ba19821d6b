"""Slowing down password guessing, without letting a stranger lock the owner out.

Each guarded action (a log-in, a current password typed to change it or to delete the account,
a password-reset email) is limited three ways, over a window of time:
- per account (or name typed) and client address: a few tries, then that address must wait;
- per client address, whatever the account: enough for a family behind one router, too few to
  try many accounts;
- per account from everywhere: past a threshold each further try must wait a little longer
  (1 s, 2 s, 4 s ... up to a minute), so spreading guesses over many addresses gains little
  while the owner is at most slowed, never locked out.

The attempt is written before it is checked and counted with itself, so that many tries sent at
the same moment cannot all slip under the limit. A successful password check removes its row; a
successful password reset clears the account's log-in failures.
"""

import ipaddress
import unicodedata
from dataclasses import dataclass
from datetime import timedelta
from math import ceil

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.utils import timezone

from sciatica.accounts.models import Attempt


@dataclass(frozen=True)
class Limit:
    per_key_and_address: int
    per_address: int
    slow_after: int  # failures for one key from anywhere, before each try must wait
    window: timedelta = timedelta(minutes=15)
    longest_wait: timedelta = timedelta(minutes=1)


LIMITS = {
    "login": Limit(per_key_and_address=5, per_address=30, slow_after=10),
    "password": Limit(per_key_and_address=5, per_address=30, slow_after=10),
    "reset": Limit(per_key_and_address=3, per_address=10, slow_after=5, window=timedelta(hours=1)),
    # Opening a summary shared with a clinician (progress.sharing): enough for a clinic's staff
    # behind one address, too few to try tokens in bulk.
    "shared": Limit(per_key_and_address=60, per_address=60, slow_after=60),
}


class Throttled(Exception):
    def __init__(self, wait: timedelta):
        self.wait = wait
        super().__init__(f"try again in {wait}")

    @property
    def in_words(self) -> str:
        seconds = max(1, ceil(self.wait.total_seconds()))
        if seconds < 60:
            return f"{seconds} second{'' if seconds == 1 else 's'}"
        minutes = ceil(seconds / 60)
        return f"{minutes} minute{'' if minutes == 1 else 's'}"


def client_address(request: HttpRequest | None) -> str | None:
    """The client's address. Behind a proxy (DJANGO_BEHIND_PROXY) that is the last address in
    X-Forwarded-For, the one our proxy appended: any earlier ones were sent by the client and
    prove nothing."""
    if request is None:
        return None
    address = request.META.get("REMOTE_ADDR")
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        address = forwarded.rsplit(",", 1)[-1].strip() or address
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def login_key(typed: str) -> str:
    """The account a log-in is for, as authentication finds it: look-alike letters folded
    (NFKC, as Django's username field does) and capitals ignored (as our backend does). A name
    with no single account is keyed by its folded form."""
    name = unicodedata.normalize("NFKC", typed or "").strip()[:150]
    users = get_user_model().objects.filter(username__iexact=name).values_list("pk", flat=True)
    matches = list(users[:2])
    return f"user:{matches[0]}" if len(matches) == 1 else f"name:{name.casefold()}"


def user_key(user) -> str:
    return f"user:{user.pk}"


def begin(action: str, key: str, request: HttpRequest | None) -> int:
    """Record an attempt, or raise Throttled if it must wait. Returns the attempt's id, for
    `succeeded` once the password turns out right."""
    limit = LIMITS[action]
    now = timezone.now()
    address = client_address(request)
    attempt = Attempt.objects.create(action=action, key=key, address=address, at=now)
    recent = Attempt.objects.filter(action=action, at__gte=now - limit.window).exclude(
        pk=attempt.pk
    )
    try:
        _check(limit, now, recent.filter(key=key, address=address), limit.per_key_and_address)
        if address is not None:
            _check(limit, now, recent.filter(address=address), limit.per_address)
        _slow_down(limit, now, recent.filter(key=key))
    except Throttled:
        # A refused try checked nothing: it does not count against anyone.
        attempt.delete()
        raise
    # Old rows are of no further use.
    Attempt.objects.filter(at__lt=now - max(limit.window for limit in LIMITS.values())).delete()
    return attempt.pk


def _check(limit: Limit, now, earlier, allowed: int) -> None:
    times = list(earlier.order_by("-at").values_list("at", flat=True)[:allowed])
    if len(times) >= allowed:
        raise Throttled(times[-1] + limit.window - now)


def _slow_down(limit: Limit, now, earlier) -> None:
    count = earlier.count()
    if count < limit.slow_after:
        return
    wait = min(limit.longest_wait, timedelta(seconds=2 ** (count - limit.slow_after)))
    last = earlier.order_by("-at").values_list("at", flat=True).first()
    if now - last < wait:
        raise Throttled(last + wait - now)


def succeeded(attempt_id: int) -> None:
    Attempt.objects.filter(pk=attempt_id).delete()


def clear(action: str, key: str) -> None:
    """Forget the failures of one account, e.g. once its owner has reset the password."""
    Attempt.objects.filter(action=action, key=key).delete()
