from datetime import time

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.utils import timezone

from sciatica.accounts.reminders import Choice
from sciatica.accounts.zones import known_time_zones, validate_time_zone


def default_time_zone() -> str:
    # A callable, so the server's DJANGO_TIME_ZONE is read when a row is made and never
    # written into a migration.
    return settings.TIME_ZONE


def default_reminder_days() -> list[int]:
    # Monday, Wednesday and Friday (Monday is 0, as date.weekday() counts).
    return [0, 2, 4]


class Profile(models.Model):
    """What a person has chosen for their account. People who signed up before it existed have
    no row: they get the defaults until they save their settings."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    time_zone = models.CharField(
        max_length=64, default=default_time_zone, validators=[validate_time_zone]
    )
    # The stages whose opening the dashboard has announced, slug -> the day it did, so that
    # the notice is shown once.
    announced_stages = models.JSONField(default=dict, blank=True)
    # Reminders (sciatica.accounts.reminders): the days and the time, in the person's zone.
    reminder_days = models.JSONField(default=default_reminder_days, blank=True)
    reminder_time = models.TimeField(default=time(18, 0))
    check_in_reminder = models.BooleanField(default=True)
    # Emails are sent only to a person who asked for them, at an address they have confirmed.
    email_reminders = models.BooleanField(default=False)
    # The address the person proved is theirs by following the emailed link. Changing the
    # account's address leaves this one behind, so a new address is unconfirmed until it too
    # is confirmed.
    confirmed_email = models.EmailField(max_length=254, blank=True)
    # Only a hash of the calendar feed's token, as for shared links: a backup of the database
    # opens no one's calendar. Empty when the person has no feed.
    calendar_token_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)

    def __str__(self) -> str:
        return f"{self.user} ({self.time_zone})"

    @property
    def email_confirmed(self) -> bool:
        return bool(self.user.email) and self.confirmed_email == self.user.email

    def reminder_choice(self) -> Choice:
        # A zone name the system no longer knows falls back to the site's, as time_zone_for does.
        zone = self.time_zone if self.time_zone in known_time_zones() else settings.TIME_ZONE
        return Choice(
            days=frozenset(self.reminder_days),
            at=self.reminder_time,
            check_in=self.check_in_reminder,
            time_zone=zone,
        )


def time_zone_for(user: AbstractBaseUser) -> str:
    """The name of the person's time zone, or the site's default if they have not chosen one."""
    chosen = Profile.objects.filter(user=user).values_list("time_zone", flat=True).first()
    # A name the system's time zone data no longer has falls back too, rather than failing.
    return chosen if chosen in known_time_zones() else settings.TIME_ZONE


def person_time_zone(user: AbstractBaseUser) -> timezone.override:
    """`with person_time_zone(user):` makes localdate() and localtime() the person's, as a
    request of theirs does; for commands and jobs that act for someone outside a request."""
    return timezone.override(time_zone_for(user))


class Attempt(models.Model):
    """A password check or a reset email asked for, kept a short while to slow down guessing
    (see sciatica.accounts.throttle). A failed check stays as a failure; a successful one is
    removed at once."""

    action = models.CharField(max_length=20)
    # Who it was for: "user:<id>" for an account, or the normalised name or email typed.
    key = models.CharField(max_length=300)
    address = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["action", "key", "at"]),
            models.Index(fields=["action", "address", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.action} for {self.key} at {self.at:%Y-%m-%d %H:%M}"


class ReminderSent(models.Model):
    """A reminder email sent, one row per person per day of theirs: the unique constraint is
    what keeps two runs of send_reminders, even at the same moment, from sending twice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders_sent"
    )
    day = models.DateField()  # in the person's time zone
    kind = models.CharField(max_length=20)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="one_reminder_per_person_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.kind} reminder for {self.user} on {self.day}"


class PushSubscription(models.Model):
    """One browser's Web Push subscription: where its push service takes messages for it, and
    the key and secret that only that browser can read them with."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=100)
    auth = models.CharField(max_length=50)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"push subscription of {self.user}"
