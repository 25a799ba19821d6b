"""Links that show a person's summary to a clinician without a login.

A link's token is 32 random bytes from `secrets` (256 bits): no one can guess one. Only its
SHA-256 hash is stored, so the database, or a backup of it, opens no one's summary; the link is
shown once, when it is made, and a lost one is replaced by making another. A link stops opening
when it expires or is revoked, and an expired, revoked or unknown token all look the same to
whoever holds it.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from progress.models import ShareLink

TOKEN_BYTES = 32
# A token is 43 characters; anything much longer is not one and is not even hashed.
LONGEST_TOKEN = 64
DEFAULT_DAYS = 30
VALID_FOR_DAYS = (1, 7, 14, 30, 60, 90)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Period:
    """What a link shows: `days` days up to `end`, or up to the day it is opened."""

    days: int
    end: date | None

    def on(self, today: date) -> tuple[date, date]:
        end = self.end or today
        return end - timedelta(days=self.days - 1), end


def period_for(start: date, end: date, today: date) -> Period:
    """The period of a summary made today, as a link keeps it: a period that ends today moves
    on with the days, so the link always shows the latest weeks."""
    return Period((end - start).days + 1, None if end >= today else end)


def make_link(
    user, start: date, end: date, days_valid: int, name: str = "", include_notes: bool = False
) -> tuple[ShareLink, str]:
    """A new link to the person's summary, and its token (the only time it is known)."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    period = period_for(start, end, timezone.localdate())
    link = ShareLink.objects.create(
        user=user,
        token_hash=digest(token),
        expires_at=timezone.now() + timedelta(days=days_valid),
        period_days=period.days,
        period_end=period.end,
        name=name,
        include_notes=include_notes,
    )
    return link, token


def open_link(token: str) -> ShareLink | None:
    """The live link with this token, marked as opened now; None for any other token."""
    if not token or len(token) > LONGEST_TOKEN:
        return None
    wanted = digest(token)
    link = ShareLink.objects.select_related("user").filter(token_hash=wanted).first()
    # The database found the row by its hash; comparing again in constant time costs nothing
    # and keeps the check independent of how the index compares strings.
    if link is None or not hmac.compare_digest(link.token_hash, wanted):
        return None
    now = timezone.now()
    if link.revoked_at is not None or link.expires_at <= now:
        return None
    ShareLink.objects.filter(pk=link.pk).update(last_opened_at=now)
    link.last_opened_at = now
    return link


@transaction.atomic
def revoke(user, link_id) -> bool:
    """Stop one of the person's live links at once. False if they have no such live link."""
    try:
        pk = int(link_id)
    except (TypeError, ValueError):
        return False
    live = ShareLink.objects.live().filter(user=user, pk=pk)
    return bool(live.update(revoked_at=timezone.now()))


def period(link: ShareLink) -> Period:
    return Period(link.period_days, link.period_end)
