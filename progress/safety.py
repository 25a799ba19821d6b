"""Warning signs and when to get help: the rules, and the few queries they need."""

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Avg, Q
from django.utils import timezone

from progress.models import Assessment, GateState, RedFlagReport, Screening


def touch(user) -> None:
    """Bring the safety answers kept with the person's stored state up to date, which also
    marks their cached pages as out of date. Runs after every save or deletion of a screening,
    a warning-sign report or an assessment (see apps.py), and wherever else a page's data
    changes outside the log."""
    user_id = getattr(user, "pk", user)
    with transaction.atomic():
        row = GateState.objects.select_for_update().filter(user_id=user_id).first()
        if row is not None:
            row.data = {**row.data, "safety": summary(user_id)}
            row.save(update_fields=["data", "updated_at"])


def on_change(sender, instance, **kwargs) -> None:
    touch(instance.user_id)


def summary(user) -> dict:
    """The latest screening and the suspending report, if any, as stored with the person's
    gate state: their pages then read one row (see status.read)."""
    screening = latest_screening(user)
    report = suspension_for(user)
    return {
        "screening": screening
        and [screening.pk, screening.created_at.isoformat(), screening.soon_reasons],
        "suspension": report
        and [
            report.pk,
            report.created_at.isoformat(),
            report.occurred_on.isoformat(),
            report.codes,
        ],
    }


def from_summary(user, data: dict) -> tuple[Screening | None, RedFlagReport | None]:
    """`summary` read back: the screening and the report as read-only objects."""
    screening = report = None
    if data["screening"]:
        pk, created, reasons = data["screening"]
        screening = Screening(
            pk=pk, user=user, created_at=datetime.fromisoformat(created), soon_reasons=reasons
        )
    if data["suspension"]:
        pk, created, occurred, codes = data["suspension"]
        report = RedFlagReport(
            pk=pk,
            user=user,
            created_at=datetime.fromisoformat(created),
            occurred_on=date.fromisoformat(occurred),
            codes=codes,
        )
    return screening, report


SUSPENDED = "suspended"
RESCREEN_AFTER = timedelta(days=7)
REVIEW_AFTER_WEEKS = 6
# A warning sign learnt of later (an imported file) is news only if it is this recent.
RECENT_SIGN = timedelta(days=7)
# The smallest fall in a 0-10 pain score that people notice as real: 2 points, or 30%.
REAL_CHANGE_POINTS = 2
REAL_CHANGE_SHARE = 0.3


def suspension_for(user) -> RedFlagReport | None:
    """The warning-sign report that suspends the person's program, if any: the latest report
    that suspends, unless a clinician assessment was confirmed after it."""
    report = RedFlagReport.objects.filter(user=user, suspends=True).first()
    if report is None:
        return None
    assessed = Assessment.objects.filter(user=user, confirmed_at__gte=report.created_at)
    return None if assessed.exists() else report


def is_recent(day: date, today: date | None = None) -> bool:
    """Whether a warning sign on `day` is recent enough to act on now."""
    return (today or timezone.localdate()) - day <= RECENT_SIGN


def record_red_flags(user, codes: Iterable[str], session=None, screening=None):
    """Warning signs ticked in the log or the safety questions: happening now, so they
    suspend the program until a clinician has assessed the person."""
    codes = sorted(set(codes))
    if codes:
        RedFlagReport.objects.create(
            user=user,
            codes=codes,
            session=session,
            screening=screening,
            occurred_on=timezone.localdate(),
        )


def latest_screening(user) -> Screening | None:
    return Screening.objects.filter(user=user).first()


def screening_due(screening: Screening | None, today=None) -> bool:
    """A first screening before anything else, then one every seven days (counted in days, so
    that the answer holds for a whole day)."""
    today = today or timezone.localdate()
    if screening is None:
        return True
    return today - timezone.localtime(screening.created_at).date() >= RESCREEN_AFTER


def real_improvement(first_week: float, last_week: float) -> bool:
    """Whether leg pain fell by at least 2 points or 30%: the smallest change that matters to a
    person, beyond the day-to-day wobble."""
    fall = first_week - last_week
    return fall >= REAL_CHANGE_POINTS or (first_week > 0 and fall / first_week >= REAL_CHANGE_SHARE)


def no_improvement_after_six_weeks(
    start: date | None, first_week: float | None, last_week: float | None, today: date
) -> bool:
    """True when, six weeks or more into the program, the last seven days' average leg pain
    before sessions has not fallen from the first week's by a change that matters. A leg that
    no longer hurts needs no review."""
    if start is None or first_week is None or last_week is None or last_week == 0:
        return False
    if today - start < timedelta(weeks=REVIEW_AFTER_WEEKS):
        return False
    return not real_improvement(first_week, last_week)


def leg_pain_review_due(sessions, start: date | None, today: date) -> bool:
    """`no_improvement_after_six_weeks` for a person's sessions (first one on `start`), in one
    small query."""
    if start is None:
        return False
    averages = sessions.aggregate(
        first_week=Avg("leg_pain_before", filter=Q(date__lt=start + timedelta(days=7))),
        last_week=Avg("leg_pain_before", filter=Q(date__gt=today - timedelta(days=7))),
    )
    return no_improvement_after_six_weeks(
        start, averages["first_week"], averages["last_week"], today
    )


def flare_needs_help(flare_days: Iterable[date], this_day: date, reaches_foot: bool) -> str | None:
    """Why a flare on `this_day` should be seen by a physiotherapist or doctor, or None.

    `flare_days` holds the day of every flare, this one included (a day once per flare)."""
    if reaches_foot:
        return "your symptoms reached your foot"
    window = [day for day in flare_days if this_day - timedelta(days=7) <= day <= this_day]
    if len(window) >= 2:
        return "this is your second flare within seven days"
    return None
