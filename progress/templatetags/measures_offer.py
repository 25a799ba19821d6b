"""The dashboard's weekly offer of the two questionnaires:
`{% load measures_offer %}{% measures_offer as offer %}`.

The dashboard is read on every visit in a fixed, small number of queries. What the offer needs
(when each questionnaire was last answered, and until when the person put them off) is kept in
their session instead, which every request reads anyway: it is written at sign-up and whenever
the person answers, puts the questionnaires off or opens them (see `remember`). A session
without it (one from before the questionnaires, or from another device) shows plain links to
them, never a wrong prompt.
"""

from dataclasses import dataclass
from datetime import date

from django import template
from django.db import connection
from django.http import HttpRequest
from django.utils import timezone

from progress import measures
from progress.models import Bothersomeness, FunctionalScale, MeasuresOffer

register = template.Library()

SESSION_KEY = "measures_offer"


@dataclass(frozen=True)
class Offer:
    sbi: bool  # the index is due
    psfs: bool  # the scale is due
    first: bool  # neither has ever been answered: the baseline

    def __bool__(self) -> bool:
        return self.sbi or self.psfs


def _day(value) -> date | None:
    # SQLite gives dates back as text from a raw query.
    return date.fromisoformat(str(value)) if value else None


def remember(request: HttpRequest, user) -> None:
    """Keep what the offer needs in the person's session: one query."""
    quote = connection.ops.quote_name
    sbi, psfs, offer = (
        quote(model._meta.db_table) for model in (Bothersomeness, FunctionalScale, MeasuresOffer)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT MAX(answered_on) FROM {sbi} WHERE user_id = %s), "
            f"(SELECT MAX(answered_on) FROM {psfs} WHERE user_id = %s), "
            f"(SELECT skipped_until FROM {offer} WHERE user_id = %s)",
            [user.pk] * 3,
        )
        row = cursor.fetchone()
    request.session[SESSION_KEY] = [day and day.isoformat() for day in map(_day, row)]


def offer_for(kept, today: date) -> Offer | None:
    """The offer from what `remember` kept; None when nothing is kept."""
    if not isinstance(kept, list) or len(kept) != 3:
        return None
    try:
        last_sbi, last_psfs, skipped = (_day(value) for value in kept)
    except ValueError:
        return None
    return Offer(
        sbi=measures.due(last_sbi, today, skipped),
        psfs=measures.due(last_psfs, today, skipped),
        first=last_sbi is None and last_psfs is None,
    )


@register.simple_tag(takes_context=True)
def measures_offer(context) -> Offer | None:
    """Which questionnaires the dashboard offers today, without a query."""
    request = context["request"]
    return offer_for(request.session.get(SESSION_KEY), timezone.localdate())
