"""Sends the reminders that are due now, by email and as notifications (see
sciatica.accounts.reminders for the rule).

Safe to run every few minutes from cron or a systemd timer: each reminder is first recorded as one
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
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from progress.models import Session
from sciatica.accounts import reminders, webpush
from sciatica.accounts.models import Profile, PushSubscription, ReminderSent
from sciatica.accounts.reminders import WORDING, Kind, Record

logger = logging.getLogger(__name__)


class ReminderEmail(EmailMessage):
    """Headers may be as long as the standard allows (998 characters), not the usual 78: folded
    to 78, Python's email package writes a long List-Unsubscribe address as encoded words, which
    mail programs do not read as an address."""

    def message(self, *, policy=email.policy.default):
        return super().message(policy=policy.clone(max_line_length=998))


class Command(BaseCommand):
    help = "Sends the reminders due now, by email and as notifications: one a day at most."

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
        for profile, devices in _people_to_remind():
            kind = reminders.due(profile.reminder_choice(), _record(profile, now), now)
            if kind is not None and _send(profile, devices, kind, now, site_url):
                sent += 1
        self.stdout.write(f"{sent} reminder{'' if sent == 1 else 's'} sent.")


def _by_email(profile: Profile) -> bool:
    """Emails go to people who asked for them, at an address they confirmed and still have."""
    return profile.email_reminders and profile.email_confirmed


def _people_to_remind():
    """People with a way to be reminded: by email, or by notifications on a device (a browser
    subscribed in settings; only while the site has its push keys)."""
    ways = Q(email_reminders=True) & ~Q(confirmed_email="")
    if webpush.enabled():
        ways |= Q(user__push_subscriptions__isnull=False)
    profiles = (
        Profile.objects.filter(ways, user__is_active=True)
        .distinct()
        .select_related("user")
        .prefetch_related("user__push_subscriptions")
        .order_by("pk")
    )
    for profile in profiles:
        devices = profile.user.push_subscriptions.all() if webpush.enabled() else []
        if _by_email(profile) or devices:
            yield profile, list(devices)


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


def _send(profile: Profile, devices: list, kind: Kind, now: datetime, site_url: str) -> bool:
    today = reminders.local_day(profile.reminder_choice(), now)
    try:
        # The row is written, and committed, before anything goes: a second run finds it.
        with transaction.atomic():
            claim = ReminderSent.objects.create(
                user=profile.user, day=today, kind=kind, sent_at=now
            )
    except IntegrityError:
        return False  # another run has sent today's
    delivered = _email(profile, kind, site_url) if _by_email(profile) else False
    for device in devices:
        delivered = _notify(device, kind) or delivered
    if not delivered:
        # Not sent by any way: forget the row, so that a later run can try again today.
        claim.delete()
    return delivered


def _email(profile: Profile, kind: Kind, site_url: str) -> bool:
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
        logger.exception("A reminder email to user %s could not be sent", profile.user_id)
        return False
    return True


def _notify(device: PushSubscription, kind: Kind) -> bool:
    """One notification, with the email's subject as its only words and the dashboard as its
    link (a path: the device's service worker opens it on its own site)."""
    message = {"title": WORDING[kind], "url": reverse("progress:dashboard")}
    try:
        outcome = webpush.send(device.endpoint, device.p256dh, device.auth, message)
    except Exception:
        logger.exception("A reminder notification to user %s could not be sent", device.user_id)
        return False
    if outcome.gone:
        # The browser ended its subscription (turned off, data cleared): forget it.
        device.delete()
    elif not outcome.delivered:
        logger.warning("The push service refused a reminder to user %s", device.user_id)
    return outcome.delivered
