"""Which reminder is due for a person at a given instant, and the calendar's events.

The rule, in plain words:
- On the days a person chose, from the time they chose (in their own time zone) and for a few
  hours after it, "time for your exercises" is due, unless they have already logged a session
  that day.
- If they asked for it, on the morning after a session that has no next-morning answer yet,
  "time for your morning check-in" is due, from 08:00 until noon.
- At most one reminder a day: once one is sent, nothing more is due until their next day.

No ORM, no request and no clock here: the command and the calendar feed pass everything in.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from django.core import signing

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# As iCalendar's RRULE writes the days, Monday first like date.weekday().
ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

# A reminder that a stopped server would send hours late is no use: after this long past the
# chosen time it is no longer due that day.
LATEST_AFTER = timedelta(hours=3)
# The check-in asks about getting up, so its reminder is sent in the morning only (the
# check-in form's morning ends at noon too).
CHECK_IN_FROM = time(8, 0)
CHECK_IN_UNTIL = time(12, 0)
EVENT_LENGTH = timedelta(minutes=30)
CHECK_IN_LENGTH = timedelta(minutes=10)


class Kind(StrEnum):
    EXERCISES = "exercises"
    CHECK_IN = "check_in"


# What each reminder says: nothing about health, as it may be read over a shoulder.
WORDING = {
    Kind.EXERCISES: "Time for your exercises",
    Kind.CHECK_IN: "Time for your morning check-in",
}


@dataclass(frozen=True)
class Choice:
    """What a person chose in their settings."""

    days: frozenset[int]  # 0 is Monday
    at: time
    check_in: bool
    time_zone: str


@dataclass(frozen=True)
class Record:
    """What the person's log says about the days around `now`, in their time zone."""

    session_days: frozenset[date]  # the days with a logged session
    unanswered_days: frozenset[date]  # the days with a session without a next-morning answer
    reminded_days: frozenset[date]  # the days a reminder was already sent


def local_day(choice: Choice, now: datetime) -> date:
    return now.astimezone(ZoneInfo(choice.time_zone)).date()


def due(choice: Choice, record: Record, now: datetime) -> Kind | None:
    """The one reminder due at the instant `now` (an aware datetime), or None."""
    local = now.astimezone(ZoneInfo(choice.time_zone))
    today = local.date()
    if today in record.reminded_days:
        return None
    yesterday = today - timedelta(days=1)
    if (
        choice.check_in
        and yesterday in record.unanswered_days
        and CHECK_IN_FROM <= local.time() < CHECK_IN_UNTIL
    ):
        return Kind.CHECK_IN
    if today.weekday() in choice.days and today not in record.session_days:
        start = datetime.combine(today, choice.at)
        # Compared as wall-clock times of the person's day, so the window is the same on the
        # day the clocks change, and ends at their midnight at the latest.
        if start <= local.replace(tzinfo=None) < start + LATEST_AFTER:
            return Kind.EXERCISES
    return None


def first_reminder_day(choice: Choice, since: date) -> date:
    """The first chosen day on or after `since`: where the recurring event starts."""
    day = since
    while day.weekday() not in choice.days:
        day += timedelta(days=1)
    return day


def byday(choice: Choice) -> list[str]:
    return [ICAL_DAYS[day] for day in sorted(choice.days)]


def check_in_times(choice: Choice, session_days: list[date]) -> list[datetime]:
    """The start of each next-morning check-in event, in the person's zone."""
    if not choice.check_in:
        return []
    zone = ZoneInfo(choice.time_zone)
    return [
        datetime.combine(day + timedelta(days=1), CHECK_IN_FROM, tzinfo=zone)
        for day in sorted(set(session_days))
    ]


# Signed links, for pages that need no login. Signed with the site's secret key; the salt keeps
# one kind of link from being used as another.
UNSUBSCRIBE_SALT = "sciatica.accounts.reminders.unsubscribe"
CONFIRM_SALT = "sciatica.accounts.reminders.confirm-email"
CONFIRM_FOR = timedelta(days=7)


def unsubscribe_token(user_id: int) -> str:
    # No expiry: an unsubscribe link in an old email must still work.
    return signing.dumps(user_id, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=UNSUBSCRIBE_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def confirm_token(user_id: int, email: str) -> str:
    return signing.dumps({"user": user_id, "email": email}, salt=CONFIRM_SALT)


def read_confirm_token(token: str) -> tuple[int, str] | None:
    """The person and the address the link was sent to, or None for a link that was altered or
    is older than CONFIRM_FOR."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_FOR)
        return int(data["user"]), str(data["email"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
