from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from exercises.models import Exercise, Section, Stage
from progress import measures, signs

PAIN_FIELDS = ("leg_pain_before", "leg_pain_after", "back_pain")
# Oldest first, and two sessions of one day in the order they were done. A session without a time
# (logged before the time was asked, or imported) comes first on its day, then by when it was
# entered, as every session did before.
CHRONOLOGICAL = (F("date").asc(), F("time").asc(nulls_first=True), F("id").asc())
NEWEST_FIRST = (F("date").desc(), F("time").desc(nulls_last=True), F("id").desc())
# A walk or a swim lasts at most a day, and no one walks or swims 1,000 km in one session.
MAX_MINUTES = 1440
MAX_DISTANCE_KM = Decimal("999.99")
TIMES = "\N{MULTIPLICATION SIGN}"
# No session is older than this: an earlier year is a typing slip, and dates near year 1 break
# date arithmetic (a week before 3 January of year 1 does not exist).
EARLIEST_DATE = date(1900, 1, 1)


class SymptomsReach(models.TextChoices):
    """How far down the leg symptoms reach, nearest the spine first."""

    NONE = "none", "No leg symptoms"
    BUTTOCK = "buttock", "Buttock"
    THIGH = "thigh", "Thigh"
    BELOW_KNEE = "below_knee", "Below the knee"
    FOOT = "foot", "Foot"


# 0 for none, 4 for the foot: a larger number is further down the leg.
REACH_RANK = {value: rank for rank, value in enumerate(SymptomsReach.values)}


def _words(code: str) -> str:
    return signs.BY_CODE[code].text


class RedFlag(models.TextChoices):
    """The emergency warning signs. Their words live in progress.signs, shared by every page."""

    SADDLE_NUMBNESS = "saddle_numbness", _words("saddle_numbness")
    BLADDER_BOWEL = "bladder_bowel", _words("bladder_bowel")
    BOTH_LEGS = "both_legs", _words("both_legs")
    WORSENING_WEAKNESS = "worsening_weakness", _words("worsening_weakness")


def _pain_range(field: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": 0, f"{field}__lte": 10}),
        name=f"session_{field}_0_to_10",
        violation_error_message="Pain scores are whole numbers from 0 to 10.",
    )


class Session(models.Model):
    """One workout and how the leg and back felt."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workouts"
    )
    date = models.DateField(
        validators=[
            MinValueValidator(EARLIEST_DATE, f"The date must be in {EARLIEST_DATE.year} or later.")
        ]
    )
    # The time of day it was done, in the person's time zone. Empty when it is not known.
    time = models.TimeField(null=True, blank=True)
    leg_pain_before = models.PositiveSmallIntegerField()
    leg_pain_after = models.PositiveSmallIntegerField()
    back_pain = models.PositiveSmallIntegerField()
    leg_pain_next_morning = models.PositiveSmallIntegerField(null=True, blank=True)
    symptoms_reach = models.CharField(max_length=12, choices=SymptomsReach)
    red_flags = models.JSONField(default=list, blank=True)
    notes = models.TextField(blank=True, max_length=2000)
    # Sent with the log form, so the same form submitted twice saves one session.
    submission_id = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = list(NEWEST_FIRST)
        indexes = [models.Index(fields=["user", "date", "id"])]
        constraints = [
            *(_pain_range(field) for field in PAIN_FIELDS),
            models.CheckConstraint(
                condition=Q(leg_pain_next_morning__isnull=True)
                | Q(leg_pain_next_morning__gte=0, leg_pain_next_morning__lte=10),
                name="session_leg_pain_next_morning_0_to_10",
                violation_error_message="Pain scores are whole numbers from 0 to 10.",
            ),
            models.UniqueConstraint(
                fields=["user", "submission_id"], name="one_session_per_submission"
            ),
            models.CheckConstraint(
                condition=Q(date__gte=EARLIEST_DATE),
                name="session_date_from_1900",
                violation_error_message=f"The date must be in {EARLIEST_DATE.year} or later.",
            ),
            models.CheckConstraint(
                condition=Q(symptoms_reach__in=SymptomsReach.values),
                name="session_symptoms_reach_known",
                violation_error_message="Choose how far down the leg symptoms reach.",
            ),
        ]

    def __str__(self):
        return f"Session on {self.date:%d %b %Y}"

    def get_absolute_url(self):
        return reverse("progress:session", args=[self.pk])

    def clean(self):
        # A session is something done, never planned: the gate leaves a future one out.
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": "The date cannot be in the future."})

    @property
    def red_flag_labels(self) -> list[str]:
        return [RedFlag(code).label for code in self.red_flags if code in RedFlag.values]


def is_timed(exercise: Exercise) -> bool:
    """Whether an exercise is logged in minutes (and a distance) rather than in sets: the
    program's activities, walking and swimming."""
    return exercise.section == Section.ACTIVITY


class SessionExercise(models.Model):
    """An exercise done in a session, with what was actually done: sets of repetitions or holds,
    or, for walking and swimming, minutes and a distance."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="entries")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(default=0)
    sets = models.PositiveSmallIntegerField(null=True, blank=True)
    reps = models.PositiveSmallIntegerField(null=True, blank=True)
    hold_seconds = models.PositiveSmallIntegerField(null=True, blank=True)
    load_kg = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    distance_km = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "exercise"],
                name="exercise_once_per_session",
                violation_error_message="Each exercise appears once in a session.",
            ),
            models.CheckConstraint(
                condition=Q(sets__isnull=True) | Q(sets__gte=1),
                name="entry_sets_positive",
                violation_error_message="Sets must be at least 1.",
            ),
            models.CheckConstraint(
                condition=Q(reps__isnull=True) | Q(reps__gte=1),
                name="entry_reps_positive",
                violation_error_message="Repetitions must be at least 1.",
            ),
            models.CheckConstraint(
                condition=Q(hold_seconds__isnull=True) | Q(hold_seconds__gte=1),
                name="entry_hold_positive",
                violation_error_message="A hold lasts at least 1 second.",
            ),
            models.CheckConstraint(
                condition=Q(reps__isnull=True) | Q(hold_seconds__isnull=True),
                name="entry_reps_or_hold",
                violation_error_message="Give repetitions or hold seconds, not both.",
            ),
            models.CheckConstraint(
                condition=Q(load_kg__isnull=True) | Q(load_kg__gt=0),
                name="entry_load_positive",
                violation_error_message="A load must be more than 0 kg; leave it empty for none.",
            ),
            models.CheckConstraint(
                condition=Q(minutes__isnull=True) | Q(minutes__gte=1, minutes__lte=MAX_MINUTES),
                name="entry_minutes_in_a_day",
                violation_error_message=f"Minutes are a whole number from 1 to {MAX_MINUTES}.",
            ),
            models.CheckConstraint(
                condition=Q(distance_km__isnull=True) | Q(distance_km__gt=0),
                name="entry_distance_positive",
                violation_error_message="A distance must be above 0 km; leave it empty for none.",
            ),
            models.CheckConstraint(
                condition=Q(minutes__isnull=True, distance_km__isnull=True)
                | Q(
                    sets__isnull=True,
                    reps__isnull=True,
                    hold_seconds__isnull=True,
                    load_kg__isnull=True,
                ),
                name="entry_time_or_sets",
                violation_error_message="Give minutes and a distance, or sets, not both.",
            ),
        ]

    def __str__(self):
        return f"{self.exercise} in {self.session}"

    @property
    def dose_text(self) -> str:
        return dose_text(*(getattr(self, name) for name in DOSE_FIELDS))


DOSE_FIELDS = ("sets", "reps", "hold_seconds", "load_kg", "minutes", "distance_km")


def dose_text(sets, reps, hold_seconds, load_kg, minutes, distance_km) -> str:
    """What was done, shortly: sets times repetitions or a hold, with the load if any; or
    minutes and a distance; or "" when nothing was counted."""
    parts = []
    counted = reps or (hold_seconds and f"{hold_seconds} s")
    if sets and counted:
        parts.append(f"{sets} {TIMES} {counted}")
    elif sets:  # a dose given only in part is shown as far as it goes
        parts.append(f"{sets} set{'' if sets == 1 else 's'}")
    elif counted:
        parts.append(f"{counted} each time" if reps else f"hold {counted}")
    if minutes:
        parts.append(f"{minutes} min")
    if distance_km:
        parts.append(f"{distance_km.normalize():f} km")
    text = ", ".join(parts)
    if load_kg:
        text = f"{text} with {load_kg.normalize():f} kg".strip()
    return text


class StageChange(models.Model):
    """A gated stage unlocking or pausing for a person: a history to show and audit.

    Rows are derived from the sessions by the gate and rewritten whenever the log changes, so
    they always agree with the whole record."""

    class Status(models.TextChoices):
        UNLOCKED = "unlocked", "Unlocked"
        PAUSED = "paused", "Paused"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="stage_changes"
    )
    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status)
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="+")
    date = models.DateField()
    reason = models.CharField(max_length=300)

    class Meta:
        ordering = ["date", "id"]
        indexes = [models.Index(fields=["user", "stage", "date"])]

    def __str__(self):
        return f"{self.stage} {self.status} on {self.date}"


class SoonReason(models.TextChoices):
    """Reasons to see a GP (today, or at an appointment): not an emergency, and they lock
    nothing. Worded in progress.signs."""

    FEVER_UNWELL = "fever_unwell", _words("fever_unwell")
    WEIGHT_LOSS = "weight_loss", _words("weight_loss")
    CANCER_HISTORY = "cancer_history", _words("cancer_history")
    RECENT_INJURY = "recent_injury", _words("recent_injury")
    OSTEOPOROSIS_STEROIDS = "osteoporosis_steroids", _words("osteoporosis_steroids")
    NIGHT_PAIN = "night_pain", _words("night_pain")
    PAIN_WORSENING = "pain_worsening", _words("pain_worsening")
    STOPS_ACTIVITIES = "stops_activities", _words("stops_activities")


class Screening(models.Model):
    """A person's answers to the safety questions: at sign-up, then once a week."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="screenings"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    red_flags = models.JSONField(default=list, blank=True)
    soon_reasons = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "created_at"])]

    def __str__(self):
        return f"Screening of {self.user} on {self.created_at:%d %b %Y}"


class RedFlagReport(models.Model):
    """A warning sign reported, from a session, a screening or an imported file. Kept for
    good, as history: while the latest report that suspends is newer than the latest clinician
    assessment, every stage is suspended."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="red_flag_reports"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The day the sign was happening: the day it was reported, or an imported session's date.
    occurred_on = models.DateField()
    # An imported sign from more than a week before the import is history, not news: it is kept
    # and shown, but suspends nothing and sends no one to an emergency department now.
    suspends = models.BooleanField(default=True)
    codes = models.JSONField()
    session = models.ForeignKey(
        Session, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    screening = models.ForeignKey(
        Screening, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "created_at"])]

    def __str__(self):
        return f"Warning signs reported by {self.user} on {self.created_at:%d %b %Y}"

    @property
    def labels(self) -> list[str]:
        return [RedFlag(code).label for code in self.codes if code in RedFlag.values]


class Assessment(models.Model):
    """The person's confirmation that a clinician has assessed them after warning signs."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessments"
    )
    confirmed_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-confirmed_at", "-id"]
        indexes = [models.Index(fields=["user", "confirmed_at"])]

    def __str__(self):
        return f"Assessment confirmed by {self.user} on {self.confirmed_at:%d %b %Y}"


class GateState(models.Model):
    """What the gate knows after a person's last session (progress.gate.State as JSON).

    Rewritten with every change to the log, so pages read one row instead of the history."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="gate_state"
    )
    data = models.JSONField()
    # Flares from before the last few weeks (see status.RECENT_FLARES): only a page about an
    # older session needs them, so the state that every page reads stays small.
    past_flares = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Gate state of {self.user}"


# --- Outcome measures (scored in progress.measures) ---------------------------------------------


def _score_range(field: str, high: int, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": 0, f"{field}__lte": high}),
        name=f"{name}_{field}_0_to_{high}",
        violation_error_message=f"Ratings are whole numbers from 0 to {high}.",
    )


class Bothersomeness(models.Model):
    """An answer to the Sciatica Bothersomeness Index: four symptoms, each rated from 0 to 6.
    One a day: answering again the same day replaces that day's answer."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bothersomeness"
    )
    answered_on = models.DateField()
    leg_pain = models.PositiveSmallIntegerField()
    numbness = models.PositiveSmallIntegerField()
    weakness = models.PositiveSmallIntegerField()
    sitting = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "Sciatica Bothersomeness Index answer"
        ordering = ["answered_on"]
        constraints = [
            models.UniqueConstraint(fields=["user", "answered_on"], name="one_sbi_a_day"),
            *(_score_range(code, measures.SBI_HIGH, "sbi") for code in measures.SBI_CODES),
        ]

    def __str__(self):
        return f"Bothersomeness of {self.user} on {self.answered_on:%d %b %Y}"

    @property
    def scores(self) -> dict[str, int]:
        return {code: getattr(self, code) for code in measures.SBI_CODES}

    @property
    def total(self) -> int:
        return sum(self.scores.values())


class FunctionalScale(models.Model):
    """An answer to the Patient-Specific Functional Scale: three to five activities in the
    person's own words, each rated from 0 to 10 (its FunctionalRating rows). One a day."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="functional_scales"
    )
    answered_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "Patient-Specific Functional Scale answer"
        ordering = ["answered_on"]
        constraints = [
            models.UniqueConstraint(fields=["user", "answered_on"], name="one_psfs_a_day"),
        ]

    def __str__(self):
        return f"Functional scale of {self.user} on {self.answered_on:%d %b %Y}"


class FunctionalRating(models.Model):
    answer = models.ForeignKey(FunctionalScale, on_delete=models.CASCADE, related_name="ratings")
    order = models.PositiveSmallIntegerField()
    activity = models.CharField(max_length=measures.PSFS_ACTIVITY_LENGTH)
    rating = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["answer", "order"], name="psfs_rating_order_unique"),
            _score_range("rating", measures.PSFS_HIGH, "psfs"),
        ]

    def __str__(self):
        return f"{self.activity}: {self.rating}"


class MeasuresOffer(models.Model):
    """When the person last put off the weekly questionnaires: the dashboard offers them again
    after that day."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="measures_offer"
    )
    skipped_until = models.DateField()

    def __str__(self):
        return f"{self.user} put the questionnaires off until {self.skipped_until}"


# --- Summaries shared with a clinician (progress.sharing) --------------------------------------


class ShareLinkQuerySet(models.QuerySet):
    def live(self) -> "ShareLinkQuerySet":
        """The links that still open: not revoked and not expired, newest first."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now()).order_by(
            "-created_at", "-id"
        )


class ShareLink(models.Model):
    """A read-only link to a person's summary, for a clinician, that needs no login.

    Only a hash of the link's token is stored, so that a copy of the database (a backup) opens
    no one's summary: the link itself is shown once, when it is made."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="share_links"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_opened_at = models.DateTimeField(null=True, blank=True)
    # The period it shows: this many days up to `period_end`, or up to the day it is opened
    # when `period_end` is empty.
    period_days = models.PositiveIntegerField()
    period_end = models.DateField(null=True, blank=True)
    name = models.CharField(max_length=80, blank=True)
    include_notes = models.BooleanField(default=False)

    objects = ShareLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "expires_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_days__gte=1), name="share_link_period_at_least_a_day"
            ),
        ]

    def __str__(self):
        return f"Summary link of {self.user}, made {self.created_at:%d %b %Y}"

    @property
    def shows(self) -> str:
        """The period it shows, in words: "the last 8 weeks, up to the day it is opened"."""
        from progress.summary import length_words  # the summary is built on these models

        length = length_words(self.period_days)
        if self.period_end is None:
            return f"the last {length}, up to the day it is opened"
        return f"the {length} up to {self.period_end:%-d %B %Y}"
