from django import forms
from django.utils import timezone

from exercises.models import Exercise
from progress.csvlog import CENT, MAX_COUNT, MAX_LOAD
from progress.models import EARLIEST_DATE, RedFlag, Session, SoonReason, SymptomsReach

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


class SessionForm(forms.ModelForm):
    date = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter a date, for example 2026-11-24."},
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
    submission_id = forms.UUIDField(required=False, widget=forms.HiddenInput)
    # Kept exactly as typed (an imported note must export unchanged).
    notes = forms.CharField(
        required=False, strip=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    symptoms_reach = forms.ChoiceField(
        label="At the end of the session, how far down your leg did symptoms reach?",
        choices=SymptomsReach.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how far down your leg symptoms reached."},
    )
    red_flags = forms.MultipleChoiceField(
        label="Is any of these happening now, new or getting worse?",
        choices=RedFlag.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Session
        fields = [
            "date",
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
        # The browser's date picker offers only the days the form accepts.
        self.fields["date"].widget.attrs.update(
            min=EARLIEST_DATE.isoformat(), max=timezone.localdate().isoformat()
        )

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
        return data


class EntryForm(forms.Form):
    """One exercise row of the log. A row left blank is ignored."""

    exercise = forms.ModelChoiceField(
        queryset=Exercise.objects.select_related("stage"),
        to_field_name="slug",
        required=False,
        empty_label="Choose an exercise",
    )
    # The same bounds as the CSV import, so an imported session can always be edited here.
    sets = forms.IntegerField(min_value=1, max_value=MAX_COUNT, required=False)
    reps = forms.IntegerField(label="Reps", min_value=1, max_value=MAX_COUNT, required=False)
    hold_seconds = forms.IntegerField(
        label="Hold (seconds)", min_value=1, max_value=MAX_COUNT, required=False
    )
    load_kg = forms.DecimalField(
        label="Load (kg)", min_value=CENT, max_value=MAX_LOAD, decimal_places=2, required=False
    )

    def clean(self):
        data = super().clean()
        if not data.get("exercise"):
            if any(data.get(field) for field in ("sets", "reps", "hold_seconds", "load_kg")):
                raise forms.ValidationError("Choose which exercise these numbers are for.")
            return data
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
    def __init__(self, *args, stages=None, already_logged=frozenset(), **kwargs):
        # Each stage's status for this person (slug -> StageView), and the exercises already in
        # the session being edited, which stay allowed even if their stage has paused since.
        self.stages = stages or {}
        self.already_logged = already_logged
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


class CheckInForm(forms.Form):
    leg_pain_next_morning = pain_field("Leg pain this morning")

    def __init__(self, *args, session=None, **kwargs):
        self.session = session
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        age = (timezone.localdate() - self.session.date).days
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
