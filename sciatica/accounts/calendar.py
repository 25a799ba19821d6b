"""The private calendar feed (/calendar/<token>.ics): a weekly event on the chosen days and,
after each recent session, a next-morning check-in event.

A token is made with `secrets` (256 bits) and only its hash is stored, as for shared links; a
new token replaces the old, so the old address stops working at once.
"""

import hashlib
import secrets
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from sciatica.accounts import reminders
from sciatica.accounts.reminders import Choice

# Check-in events for the sessions of this many days back: enough for any calendar to show,
# and the feed stays small after years of logging.
CHECK_IN_DAYS = 56


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def feed(
    choice: Choice,
    *,
    since: date,
    session_days: list[date],
    uid_prefix: str,
    link: str,
    check_in_link: str,
    now: datetime,
) -> bytes:
    """The feed's text. `since` is the day the recurring event starts from; `now`, in UTC,
    stamps the events."""
    zone = ZoneInfo(choice.time_zone)
    calendar = Calendar()
    calendar.add("prodid", "-//sciatica//reminders//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Exercise reminders")
    calendar.add("x-wr-timezone", choice.time_zone)
    # Asks subscribing calendars to look for changes about every few hours.
    calendar.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")

    first = reminders.first_reminder_day(choice, since)
    weekly = Event()
    weekly.add("uid", f"{uid_prefix}-exercises@sciatica")
    weekly.add("dtstamp", now)
    weekly.add("summary", reminders.WORDING[reminders.Kind.EXERCISES])
    weekly.add("dtstart", datetime.combine(first, choice.at, tzinfo=zone))
    weekly.add("duration", reminders.EVENT_LENGTH)
    weekly.add("rrule", {"freq": "weekly", "byday": reminders.byday(choice)})
    weekly.add("url", link)
    weekly.add("description", link)
    calendar.add_component(weekly)

    for start in reminders.check_in_times(choice, session_days):
        event = Event()
        event.add("uid", f"{uid_prefix}-check-in-{start:%Y%m%d}@sciatica")
        event.add("dtstamp", now)
        event.add("summary", reminders.WORDING[reminders.Kind.CHECK_IN])
        event.add("dtstart", start)
        event.add("duration", reminders.CHECK_IN_LENGTH)
        event.add("url", check_in_link)
        event.add("description", check_in_link)
        calendar.add_component(event)

    if choice.time_zone != "UTC":
        calendar.add_missing_timezones()
    return calendar.to_ical()
