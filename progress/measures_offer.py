"""The dashboard's weekly offer of the two questionnaires: which are due today.

Worked out with the dashboard's data (see progress.views.dashboard), from one small query, and
cached with it: an answer, a "not this week" or a deletion, from any device, touches the
person's stored state (see progress.apps), so the offer follows at once.
"""

from dataclasses import dataclass
from datetime import date

from django.db import connection

from progress import measures
from progress.models import Bothersomeness, FunctionalScale, MeasuresOffer


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


def offer_dates(user) -> list[str | None]:
    """When each questionnaire was last answered, and until when the offer is put off: one
    query."""
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
    return [day and day.isoformat() for day in map(_day, row)]


def offer_for(kept, today: date) -> Offer | None:
    """The offer from `offer_dates`; None when they cannot be read."""
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
