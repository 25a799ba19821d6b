"""Sends the reminder emails that are due now (see sciatica.accounts.reminders for the rule).

Safe to run every few minutes from cron or a systemd timer: each email is first recorded as one
row per person per day, under a unique constraint, so two runs (even at the same moment) never
send the same person two reminders on one day.
"""

import email.policy
import logging
from datetime import datetime, timedelta
from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from progress.models import Session
from sciatica.accounts import reminders
from sciatica.accounts.models import Profile, ReminderSent
from sciatica.accounts.reminders import WORDING, Kind, Record

logger = logging.getLogger(__name__)


class ReminderEmail(EmailMessage):
    """Headers may be as long as the standard allows (998 characters), not the usual 78: folded
    to 78, Python's email package writes a long List-Unsubscribe address as encoded words, which
    mail programs do not read as an address."""

    def message(self, *, policy=email.policy.default):
        return super().message(policy=policy.clone(max_line_length=998))


class Command(BaseCommand):
    help = "Sends the reminder emails due now: at most one per person per day."

    def add_arguments(self, parser):
        parser.add_argument(
            "--site-url",
            default=settings.SITE_URL,
            help="The site's address for the emails' links, such as https://example.org "
            "(default: the SITE_URL setting, from the DJANGO_SITE_URL environment variable).",
        )

    def handle(self, *args, site_url: str, **options) -> None:
        if not site_url.startswith(("https://", "http://")):
            raise CommandError(
                "The emails' links need the site's address: set DJANGO_SITE_URL or pass "
                "--site-url, such as https://example.org"
            )
        now = timezone.now()
        sent = 0
        for profile in _people_to_remind():
            kind = reminders.due(profile.reminder_choice(), _record(profile, now), now)
            if kind is not None and _send(profile, kind, now, site_url):
                sent += 1
        self.stdout.write(f"{sent} reminder{'' if sent == 1 else 's'} sent.")


def _people_to_remind():
    """People who asked for emails, at an address they have confirmed and still have."""
    profiles = (
        Profile.objects.filter(email_reminders=True, user__is_active=True)
        .exclude(confirmed_email="")
        .select_related("user")
    )
    return (profile for profile in profiles.iterator() if profile.email_confirmed)


def _record(profile: Profile, now: datetime) -> Record:
    today = reminders.local_day(profile.reminder_choice(), now)
    yesterday = today - timedelta(days=1)
    sessions = Session.objects.filter(user=profile.user_id, date__gte=yesterday, date__lte=today)
    rows = list(sessions.values_list("date", "leg_pain_next_morning"))
    reminded = ReminderSent.objects.filter(user=profile.user_id, day=today)
    return Record(
        session_days=frozenset(day for day, _ in rows),
        unanswered_days=frozenset(day for day, morning in rows if morning is None),
        reminded_days=frozenset(reminded.values_list("day", flat=True)),
    )


def _send(profile: Profile, kind: Kind, now: datetime, site_url: str) -> bool:
    today = reminders.local_day(profile.reminder_choice(), now)
    try:
        # The row is written, and committed, before the email goes: a second run finds it.
        with transaction.atomic():
            claim = ReminderSent.objects.create(
                user=profile.user, day=today, kind=kind, sent_at=now
            )
    except IntegrityError:
        return False  # another run has sent today's
    unsubscribe = urljoin(
        site_url, reverse("unsubscribe", args=[reminders.unsubscribe_token(profile.user_id)])
    )
    context = {
        "wording": WORDING[kind],
        "link": urljoin(site_url, reverse("progress:dashboard")),
        "unsubscribe": unsubscribe,
        "settings": urljoin(site_url, reverse("account_settings") + "#reminders"),
    }
    message = ReminderEmail(
        subject=WORDING[kind],
        body=render_to_string("email/reminder.txt", context),
        to=[profile.user.email],
        headers={
            # One-click unsubscribe (RFC 8058): mail programs show a button that posts here.
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    try:
        message.send()
    except Exception:
        # Not sent: forget the row, so that a later run can try again today.
        claim.delete()
        logger.exception("A reminder to user %s could not be sent", profile.user_id)
        return False
    return True
