from functools import cached_property

from django import forms
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from exercises.models import Exercise
from progress.csvlog import CENT, MAX_COUNT, MAX_LOAD
from progress.models import (
    EARLIEST_DATE,
    MAX_DISTANCE_KM,
    MAX_MINUTES,
    RedFlag,
    Session,
    SoonReason,
    SymptomsReach,
    is_timed,
)

SCALE = [(score, str(score)) for score in range(11)]
SCALE_ERRORS = {
    "required": "Give a score from 0 to 10.",
    "invalid_choice": "Enter a whole number from 0 to 10.",
}


def pain_field(label: str) -> forms.TypedChoiceField:
    """A 0-10 score as a row of buttons to tap, one radio each."""
    return forms.TypedChoiceField(
        label=label,
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages=SCALE_ERRORS,
    )


class TokenField(forms.UUIDField):
    """The form's own hidden token. A garbled one is taken as none: there is nothing a person
    could do about an error on a field they cannot see."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError:
            return None


def now_to_the_minute():
    return timezone.localtime().time().replace(second=0, microsecond=0)


class SessionForm(forms.ModelForm):
    date = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Enter the day of the session.",
            "invalid": "Enter a date, for example 2026-11-24.",
        },
    )
    time = forms.TimeField(
        label="Time",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text="When you did it, so that two sessions of one day stay in order.",
        error_messages={"invalid": "Enter a time of day, for example 18:30."},
    )
    leg_pain_before = pain_field("Leg pain before the session")
    leg_pain_after = pain_field("Leg pain after the session")
    back_pain = pain_field("Back pain")
    leg_pain_next_morning = forms.TypedChoiceField(
        label="Leg pain the next morning, if you know it",
        choices=[("", "Not yet"), *SCALE],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        error_messages=SCALE_ERRORS,
    )
    submission_id = TokenField(required=False, widget=forms.HiddenInput)
    # When the session being edited was last saved, as the form saw it: a save made since (a
    # morning check-in from the dashboard) is shown, never silently overwritten.
    loaded_version = forms.CharField(required=False, widget=forms.HiddenInput)
    # Kept exactly as typed (an imported note must export unchanged).
    notes = forms.CharField(
        required=False,
        strip=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": "Notes can be up to %(limit_value)d characters long; these are "
            "%(show_value)d. Shorten them a little."
        },
    )
    symptoms_reach = forms.ChoiceField(
        label="At the end of the session, how far down your leg did symptoms reach?",
        choices=SymptomsReach.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how far down your leg symptoms reached: "
            "“No leg symptoms” if they did not.",
            "invalid_choice": "Choose one of the places listed.",
        },
    )
    red_flags = forms.MultipleChoiceField(
        label="Is any of these happening now, new or getting worse?",
        choices=RedFlag.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Tick only the signs listed here."},
    )

    class Meta:
        model = Session
        fields = [
            "date",
            "time",
            "leg_pain_before",
            "leg_pain_after",
            "back_pain",
            "leg_pain_next_morning",
            "symptoms_reach",
            "red_flags",
            "notes",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["loaded_version"] = self.instance.updated_at.isoformat()
        # The browser's date picker offers only the days the form accepts.
        self.fields["date"].widget.attrs.update(
            min=EARLIEST_DATE.isoformat(), max=timezone.localdate().isoformat()
        )

    def validate_constraints(self):
        """Not asked of the database: each check constraint of Session is a field rule of this
        form, with a message of its own, and Django would run a query for every one of them
        on every save. The database still enforces them."""

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future.")
        if day < EARLIEST_DATE:
            raise forms.ValidationError(
                f"The date must be in {EARLIEST_DATE.year} or later: check the year."
            )
        return day

    def clean(self):
        data = super().clean()
        day = data.get("date")
        if data.get("leg_pain_next_morning") is not None and day and day >= timezone.localdate():
            self.add_error(
                "leg_pain_next_morning",
                "The next morning has not come yet: record it from tomorrow.",
            )
        time = data.get("time")
        if time and day == timezone.localdate() and time > now_to_the_minute():
            self.add_error("time", "That time is still to come today: check the time or the date.")
        return data


def whole_number(label: str, what: str, high: int) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=1,
        max_value=high,
        required=False,
        error_messages={
            "invalid": f"Enter {what} as a whole number, such as 10.",
            "min_value": f"Enter {what} as 1 or more, or leave it empty.",
            "max_value": f"Enter {what} as %(limit_value)s at most.",
        },
    )


def decimal_number(label: str, what: str, unit: str, high) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=CENT,
        max_value=high,
        decimal_places=2,
        required=False,
        error_messages={
            "invalid": f"Enter {what} as a number of {unit}, such as 2.5.",
            "min_value": f"Enter {what} as more than 0 {unit}, or leave it empty.",
            "max_value": f"Enter {what} as %(limit_value)s {unit} at most.",
            "max_digits": f"Enter {what} as {high} {unit} at most.",
            "max_whole_digits": f"Enter {what} as {high} {unit} at most.",
            "max_decimal_places": f"Give {what} to 2 decimal places at most.",
        },
    )


COUNTED = ("sets", "reps", "hold_seconds", "load_kg")
TIMED = ("minutes", "distance_km")


class EntryForm(forms.Form):
    """One exercise row of the log. A row left blank is ignored.

    Most exercises are counted in sets of repetitions or holds; walking and swimming in minutes
    and a distance (see progress.models.is_timed)."""

    exercise = forms.ModelChoiceField(
        queryset=Exercise.objects.select_related("stage"),
        to_field_name="slug",
        required=False,
        empty_label="Choose an exercise",
        error_messages={"invalid_choice": "Choose an exercise from the list."},
    )
    # The same bounds as the CSV import, so an imported session can always be edited here.
    sets = whole_number("Sets", "the sets", MAX_COUNT)
    reps = whole_number("Reps", "the repetitions", MAX_COUNT)
    hold_seconds = whole_number("Hold (seconds)", "the hold", MAX_COUNT)
    load_kg = decimal_number("Load (kg)", "the load", "kg", MAX_LOAD)
    minutes = whole_number("Minutes", "the minutes", MAX_MINUTES)
    distance_km = decimal_number("Distance (km)", "the distance", "km", MAX_DISTANCE_KM)

    def __init__(self, *args, timed=frozenset(), **kwargs):
        # The slugs of the exercises logged in minutes, to choose the fields a row shows.
        self.timed = timed
        super().__init__(*args, **kwargs)

    def _shown(self, names: tuple[str, ...], for_timed: bool) -> list[forms.BoundField]:
        """The row's fields among `names`: shown for the exercises they are for, and for a row
        with no exercise yet (without JavaScript the row cannot change once one is chosen). A
        field holding a value always shows, so nothing typed or saved is ever hidden."""
        slug = self["exercise"].value()
        wanted = not slug or (slug in self.timed) == for_timed
        fields = [self[name] for name in names]
        return [f for f in fields if wanted or f.value() not in (None, "")]

    def counted_fields(self) -> list[forms.BoundField]:
        return self._shown(COUNTED, for_timed=False)

    def timed_fields(self) -> list[forms.BoundField]:
        return self._shown(TIMED, for_timed=True)

    def clean(self):
        data = super().clean()
        counted = any(data.get(field) is not None for field in COUNTED)
        timed = any(data.get(field) is not None for field in TIMED)
        exercise = data.get("exercise")
        if not exercise:
            if counted or timed:
                raise forms.ValidationError("Choose which exercise these numbers are for.")
            return data
        if timed and not is_timed(exercise):
            raise forms.ValidationError(
                f"{exercise.name} is counted in sets, not in minutes or kilometres: clear the "
                "minutes and distance."
            )
        if timed and counted:
            raise forms.ValidationError(
                "Give minutes and a distance, or sets and repetitions, not both."
            )
        if data.get("reps") and data.get("hold_seconds"):
            raise forms.ValidationError("Give repetitions or hold seconds, not both.")
        # A dose is sets with reps or a hold (3 x 10, 3 x 30 s), or nothing at all (a walk).
        counted = bool(data.get("reps") or data.get("hold_seconds"))
        if bool(data.get("sets")) != counted:
            raise forms.ValidationError(
                "Give the number of sets and either reps or hold seconds, or leave all three empty."
            )
        return data


class BaseEntryFormSet(forms.BaseFormSet):
    default_error_messages = {
        "missing_management_form": "The list of exercises did not arrive whole. Please check "
        "it and save again.",
        "too_many_forms": "A session holds at most %(num)d exercises.",
        "too_few_forms": "Add at least %(num)d exercise.",
    }

    def __init__(self, *args, stages=None, already_logged=frozenset(), timed=frozenset(), **kwargs):
        # Each stage's status for this person (slug -> StageView), and the exercises already in
        # the session being edited, which stay allowed even if their stage has paused since.
        self.stages = stages or {}
        self.already_logged = already_logged
        kwargs["form_kwargs"] = {**kwargs.get("form_kwargs", {}), "timed": timed}
        super().__init__(*args, **kwargs)

    def chosen(self) -> list[dict]:
        return [f.cleaned_data for f in self.forms if f.cleaned_data.get("exercise")]

    def clean(self):
        # Checked even when a row has other errors, so every problem shows at once.
        seen = set()
        for form in self.forms:
            exercise = getattr(form, "cleaned_data", {}).get("exercise")
            if not exercise:
                continue
            if exercise.slug in seen:
                form.add_error("exercise", f"{exercise.name} is already listed above.")
            seen.add(exercise.slug)
            status = self.stages.get(exercise.stage.slug)
            if status and not status.usable and exercise.slug not in self.already_logged:
                form.add_error(
                    "exercise",
                    f"{exercise.name} is in the {status.stage.name} stage, which is "
                    f"{status.status} for you. {status.reason}",
                )


# absolute_max: a forged row count never builds more than 40 rows.
EntryFormSet = forms.formset_factory(
    EntryForm,
    formset=BaseEntryFormSet,
    extra=3,
    max_num=40,
    validate_max=True,
    absolute_max=40,
)
# The rows exactly as typed, with no blank rows added: the form shown again after a row is added
# or taken out without JavaScript.
TypedEntryFormSet = forms.formset_factory(
    EntryForm, formset=BaseEntryFormSet, extra=0, max_num=40, absolute_max=40
)


def check_in_open(session) -> bool:
    """Whether the check-in is shown for `session` (see CheckInForm.changeable)."""
    if not 1 <= (timezone.localdate() - session.date).days <= 2:
        return False
    if session.leg_pain_next_morning is None:
        return True
    return timezone.localtime(session.updated_at).date() == timezone.localdate()


class CheckInForm(forms.Form):
    """How the leg was on getting up the morning after a session: one tap.

    Asked for a session of yesterday or the day before, and the answer can be changed the same
    day. Its words follow the person's own clock: late in the day, "how is your leg this
    morning" would be the wrong question."""

    MORNING_ENDS = 12  # o'clock, the person's time

    leg_pain_next_morning = pain_field("Leg pain the morning after the session")

    def __init__(self, *args, session=None, **kwargs):
        self.session = session
        super().__init__(*args, **kwargs)
        self.fields["leg_pain_next_morning"].label = self.question

    @classmethod
    def part_of_day(cls) -> str:
        """What the form's words depend on besides the date (pages cached for a day use it)."""
        return "morning" if timezone.localtime().hour < cls.MORNING_ENDS else "later"

    @cached_property
    def age(self) -> int:
        return (timezone.localdate() - self.session.date).days

    @property
    def which_morning(self) -> str:
        """The morning after the session, as the person would say it today."""
        if self.age == 1:
            return "this morning"
        if self.age == 2:
            return "yesterday morning"
        return f"the morning after {self.session.date:%-d %B}"

    @property
    def question(self) -> str:
        if self.age == 1 and self.part_of_day() == "morning":
            return "How is your leg this morning, after yesterday's session?"
        if self.age == 1:
            return "How was your leg when you got up this morning, after yesterday's session?"
        if self.age == 2:
            return f"How was your leg yesterday morning, after {self.session.date:%A}'s session?"
        return f"How was your leg the morning after your session of {self.session.date:%-d %B}?"

    @property
    def heading(self) -> str:
        """The question, or once it is answered, what the answer is about."""
        if self.session.leg_pain_next_morning is None:
            return self.question
        if self.age == 1:
            return "Your leg this morning, after yesterday's session"
        if self.age == 2:
            return f"Your leg yesterday morning, after {self.session.date:%A}'s session"
        return f"Your leg the morning after your session of {self.session.date:%-d %B}"

    @property
    def buttons(self) -> SafeString:
        """The eleven score buttons, the current answer marked: made here rather than by a
        template loop, as they are on the dashboard every morning."""
        answer = self.session.leg_pain_next_morning
        mine = '<span class="visually-hidden"> (your answer)</span>'
        return mark_safe(
            "".join(
                f'<button type="submit" name="leg_pain_next_morning" value="{score}"'
                + (f' class="current">{score}{mine}' if score == answer else f">{score}")
                + "</button>"
                for score in range(11)
            )
        )

    @property
    def session_day(self) -> str:
        return f"{self.session.date:%A} {self.session.date.day} {self.session.date:%B}"

    @property
    def hint(self) -> str:
        return (
            f"Tap the score your leg had when you got up {self.which_morning} (0 = no pain, "
            "10 = the worst imaginable)."
        )

    @property
    def changeable(self) -> bool:
        """Whether the page shows the check-in: unanswered, or answered today (and so still open
        to a change of mind), for a session of yesterday or the day before."""
        return check_in_open(self.session)

    def clean(self):
        data = super().clean()
        age = self.age
        if not 1 <= age <= 2:
            raise forms.ValidationError(
                "The morning check-in is for a session of yesterday or the day before. "
                "To change an older session, edit it."
            )
        return data


class ScreeningForm(forms.Form):
    red_flags = forms.MultipleChoiceField(
        label="Is any of these happening to you now, new or getting worse?",
        choices=RedFlag.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    soon_reasons = forms.MultipleChoiceField(
        label="Does any of these apply to you, and is it new or not yet talked over with your GP?",
        choices=SoonReason.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class AssessmentForm(forms.Form):
    confirmed = forms.BooleanField(
        label="A doctor or other clinician has assessed me since I reported these signs.",
        error_messages={"required": "Tick the box to confirm that a clinician has seen you."},
    )
    note = forms.CharField(
        label="What they told you (optional, for your own record)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
