from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import F, Q
from django.db.models.functions import Now
from django.urls import reverse

from exercises import figures

POUND_IN_KG = Decimal("0.45359237")
# An uploaded illustration is saved at most this wide, with smaller copies beside it for
# narrow screens (see ExerciseAdminForm).
IMAGE_MAX_WIDTH = 1280
IMAGE_COPY_WIDTHS = (320, 640)


def image_copy_name(name: str, width: int) -> str:
    """Where the copy of an illustration at a given width is stored, beside the original."""
    stem, _, extension = name.rpartition(".")
    return f"{stem}-{width}w.{extension}"


class SlugManager(models.Manager):
    """Lets fixtures refer to rows by slug, so loading them twice updates instead of duplicating."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Stage(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=60)
    order = models.PositiveSmallIntegerField(
        unique=True, help_text="Stages are shown in this order."
    )
    description = models.TextField(help_text="What this stage is for, in plain words.")
    # The gate's own rules (progress.gate.GATED) decide which stages are gated and when they
    # open; this copy of that fact, loaded with the content, lets pages say so without asking
    # the gate. It is not edited by hand: a tick the gate has no rule for would lock a stage
    # for good, and an untick would change nothing.
    gated = models.BooleanField(
        default=False,
        help_text="Whether the program's unlock rules cover this stage (plank and advanced "
        "today). Shown, not edited here: those rules decide when a stage opens.",
    )
    unlock_hint = models.CharField(
        max_length=200, blank=True, help_text="One line on what opens a gated stage."
    )
    # When the row last changed, which marks the content as changed. A save sets it; loaddata's
    # raw saves skip that, so the database fills it in.
    updated_at = models.DateTimeField(auto_now=True, db_default=Now())

    objects = SlugManager()

    class Meta:
        ordering = ["order"]
        constraints = [
            models.CheckConstraint(
                condition=Q(gated=False) | ~Q(unlock_hint=""),
                name="gated_stage_says_what_unlocks_it",
                violation_error_message="A gated stage needs a line on what unlocks it.",
            ),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class Section(models.TextChoices):
    MORNING = "morning", "Morning mobility"
    STRETCH = "stretch", "Stretch"
    BACK = "back", "Strengthen back"
    CORE = "core", "Strengthen core"
    LEGS = "legs", "Strengthen legs"
    BALANCE = "balance", "Balance"
    ACTIVITY = "activity", "Activity"


class Position(models.TextChoices):
    IN_BED = "in-bed", "In bed"
    ON_BACK = "on-back", "Lying on your back"
    ON_FRONT = "on-front", "Lying on your front"
    ALL_FOURS = "all-fours", "On all fours"
    STANDING = "standing", "Standing"
    SIDE = "side", "On your side"


class Equipment(models.TextChoices):
    NONE = "none", "No equipment"
    WALL = "wall", "A wall"
    STEP = "step", "A step or block"
    CHAIR = "chair", "A chair"
    WEIGHTS = "weights", "Hand weights"
    POOL = "pool", "A pool"


class Sides(models.TextChoices):
    NOT_SIDED = "", "Not sided"
    EACH = "each", "On each side"
    EACH_LEG = "each-leg", "On each leg"
    ALTERNATING = "alternating", "Alternating sides"


class RepsQualifier(models.TextChoices):
    EXACT = "", "Exactly"
    ABOUT = "about", "About"
    WORK_UP_TO = "work-up-to", "Work up to"


class Exercise(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=80)
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="exercises")
    section = models.CharField(max_length=20, choices=Section)
    order = models.PositiveSmallIntegerField(help_text="Place in the program, first to last.")
    position = models.CharField(
        max_length=20, choices=Position, blank=True, help_text="Blank when it does not apply."
    )
    equipment = models.CharField(max_length=20, choices=Equipment, default=Equipment.NONE)
    summary = models.CharField(max_length=200, help_text="One line: what it does for you.")
    steps = models.TextField(help_text="One step per line, in order.")
    app_reading = models.CharField(
        "how the app reads the program",
        max_length=300,
        blank=True,
        help_text="Where the program leaves something out (a position, say), what the app "
        "assumes, said openly to the person.",
    )

    # The dose, as the program gives it. Numbers where it gives numbers, words where it does not.
    reps_min = models.PositiveSmallIntegerField(null=True, blank=True)
    reps_max = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Same as the minimum when the program gives one number."
    )
    reps_qualifier = models.CharField(
        max_length=20, choices=RepsQualifier, blank=True, default=RepsQualifier.EXACT
    )
    hold_seconds = models.PositiveSmallIntegerField(null=True, blank=True)
    repeats = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="How many times to repeat the hold."
    )
    sides = models.CharField(max_length=20, choices=Sides, blank=True, default=Sides.NOT_SIDED)
    load_lb = models.DecimalField(
        "load (lb in each hand)", max_digits=4, decimal_places=1, null=True, blank=True
    )
    dose_note = models.CharField(
        max_length=300, blank=True, help_text="What the program says where it gives no number."
    )

    feel = models.TextField(help_text="What the person should feel.")
    stop_if = models.TextField(help_text="When to stop or back off.")
    easier_option = models.CharField(max_length=300, blank=True)
    starts_easier = models.BooleanField(
        "start with the easier option",
        default=False,
        help_text="Tick when the easier option is where a newcomer begins, not only a way to "
        "ease off: the page then shows it before the steps, as where to start.",
    )
    build_up = models.CharField(max_length=300, blank=True, help_text="How to progress it.")
    harder = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="easier",
        help_text="The exercise to move on to once this one is mastered. Each exercise has at most "
        "one easier exercise leading to it.",
        error_messages={"unique": "Another exercise already leads to this one."},
    )

    search_terms = models.CharField(
        max_length=300,
        blank=True,
        help_text="Other words a person might search with, separated by commas: everyday "
        "names, body parts, places. Plurals and small typos are found without listing them.",
    )

    # The drawn figure: key poses as joint angles (see exercises/figures.py for every setting).
    figure = models.JSONField(
        "figure (key poses)",
        default=dict,
        blank=True,
        help_text="The key poses the app draws and animates, as joint angles in degrees: each "
        "pose lists only what changes from the one before. Leave empty for no drawing. An "
        "uploaded illustration below is shown instead of the drawing.",
    )
    image = models.ImageField(
        upload_to="exercises/",
        blank=True,
        help_text="A photograph or drawing shown instead of the drawn figure. It is resized and "
        "its hidden details (camera, place, date) are removed when it is saved.",
    )
    # The saved image's size, written when the admin saves an upload (not read from the file on
    # every load): the page reserves its space, and lists the smaller copies made beside it.
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_alt = models.CharField(max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True, db_default=Now())

    objects = SlugManager()

    class Meta:
        ordering = ["stage__order", "order"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reps_min__isnull=True, reps_max__isnull=True)
                | Q(
                    reps_min__isnull=False,
                    reps_max__isnull=False,
                    reps_min__gte=1,
                    reps_max__gte=F("reps_min"),
                ),
                name="reps_range_is_ordered",
                violation_error_message=(
                    "Give both repetition numbers (the same twice for a single number), "
                    "the first at least 1 and not above the second."
                ),
            ),
            models.CheckConstraint(
                condition=Q(hold_seconds__isnull=True) | Q(hold_seconds__gte=1),
                name="hold_is_positive",
                violation_error_message="A hold lasts at least 1 second.",
            ),
            models.CheckConstraint(
                condition=Q(repeats__isnull=True) | Q(repeats__gte=1),
                name="repeats_is_positive",
                violation_error_message="Repeats must be at least 1.",
            ),
            models.CheckConstraint(
                condition=Q(repeats__isnull=True)
                | Q(hold_seconds__isnull=False, reps_min__isnull=True),
                name="repeats_only_count_holds",
                violation_error_message=(
                    "Repeats count holds: set a hold time, and use repetitions or repeats, "
                    "not both."
                ),
            ),
            models.CheckConstraint(
                condition=Q(load_lb__isnull=True) | Q(load_lb__gt=0),
                name="load_is_positive",
                violation_error_message="A load must be more than 0 lb; leave it empty for none.",
            ),
            models.CheckConstraint(
                condition=Q(harder__isnull=True) | ~Q(harder=F("pk")),
                name="exercise_is_not_its_own_progression",
                violation_error_message="An exercise cannot be its own next step.",
            ),
            models.CheckConstraint(
                condition=Q(starts_easier=False) | ~Q(easier_option=""),
                name="a_start_needs_an_easier_option",
                violation_error_message="Describe the easier option to start with, or untick it.",
            ),
            models.CheckConstraint(
                condition=Q(image="") | ~Q(image_alt=""),
                name="image_has_alt_text",
                violation_error_message="An illustration needs a description for screen readers.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("exercises:detail", args=[self.slug])

    def clean(self):
        # A progression chain must lead somewhere: following "harder" may never come back here.
        step, seen = self.harder, {self.pk}
        while step is not None:
            if step.pk in seen:
                raise ValidationError({"harder": "This would make the progression go in a circle."})
            seen.add(step.pk)
            step = step.harder
        if self.figure and (problems := self.figure_problems()):
            raise ValidationError({"figure": problems})

    def figure_problems(self) -> list[str]:
        """What is wrong with the figure's pose data, in words; its step numbers included."""
        problems = figures.check(self.figure)
        if problems:
            return problems
        count = len(self.step_list)
        for part, label in (("main", ""), ("easier", "Easier form, ")):
            if part == "easier" and "easier" not in self.figure:
                continue
            for index, pose in enumerate(figures.poses_of(self.figure, part), 1):
                for step in figures.step_numbers(pose):
                    if step > count:
                        problems.append(
                            f"{label}pose {index} shows step {step}, but the exercise has "
                            f"{count} steps.".capitalize()
                        )
        return problems

    def natural_key(self):
        return (self.slug,)

    @property
    def image_srcset(self) -> str:
        """The illustration's copies by width, for the browser to pick the smallest that fits;
        empty for an image saved before copies were made."""
        if not self.image or not self.image_width:
            return ""
        storage, name = self.image.storage, self.image.name
        widths = [width for width in IMAGE_COPY_WIDTHS if width < self.image_width]
        sources = [f"{storage.url(image_copy_name(name, width))} {width}w" for width in widths]
        return ", ".join([*sources, f"{self.image.url} {self.image_width}w"])

    @property
    def step_list(self) -> list[str]:
        return [line.strip() for line in self.steps.splitlines() if line.strip()]

    @property
    def search_text(self) -> str:
        """Everything the library's search looks through, the words shown on the page included
        ("In bed", "A chair")."""
        return "\n".join(
            [
                self.name,
                self.summary,
                self.steps,
                self.feel,
                self.search_terms,
                self.get_position_display(),
                self.get_equipment_display(),
                self.get_section_display(),
                self.stage.name,
            ]
        )

    @property
    def load_kg(self) -> Decimal | None:
        if self.load_lb is None:
            return None
        return (self.load_lb * POUND_IN_KG).quantize(Decimal("0.1"))

    @property
    def dose_text(self) -> str:
        """The dose in plain words: "Hold 30 seconds, 3 times on each side", or just "On each leg"
        where the program gives no number."""
        return dose_in_words(self)


def _times(low: int, high: int | None) -> str:
    if high in (None, low):
        return "1 time" if low == 1 else f"{low} times"
    return f"{low} to {high} times"


SIDE_WORDS = {
    Sides.EACH: " on each side",
    Sides.EACH_LEG: " on each leg",
    Sides.ALTERNATING: ", alternating sides",
}


def dose_in_words(ex: Exercise) -> str:
    sides = SIDE_WORDS.get(ex.sides, "")
    parts = []
    if ex.hold_seconds:
        parts.append(f"Hold {ex.hold_seconds} second{'' if ex.hold_seconds == 1 else 's'}")
    times = None
    if ex.reps_min:
        times = _times(ex.reps_min, ex.reps_max)
    elif ex.repeats:
        times = _times(ex.repeats, None)
    if times:
        phrase = f"{times}{sides}"
        if ex.reps_qualifier == RepsQualifier.ABOUT:
            phrase = f"about {phrase}"
        elif ex.reps_qualifier == RepsQualifier.WORK_UP_TO:
            phrase = f"work up to {phrase}"
        parts.append(phrase)
    elif sides and parts:
        parts[-1] += sides
    elif sides:
        # No number in the program, but which side to work on is still part of the dose.
        parts.append(sides.lstrip(", "))
    if ex.load_lb:
        parts.append(f"with up to {ex.load_lb.normalize():f} lb ({ex.load_kg} kg) in each hand")
    text = ", ".join(parts)
    return text[:1].upper() + text[1:]


def content_version_sql() -> str:
    """SQL expressions that change whenever an exercise or a stage is added, edited or removed."""
    parts = []
    for model in (Exercise, Stage):
        table = connection.ops.quote_name(model._meta.db_table)
        parts.append(f"(SELECT COUNT(*) FROM {table}), (SELECT MAX(updated_at) FROM {table})")
    return ", ".join(parts)


def content_version() -> str:
    """Changes whenever an exercise or a stage is added, edited or removed: one small query.

    Pages built from the content are cached under it, so an edit shows at once, in every
    worker."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {content_version_sql()}")
        return ":".join(str(value) for value in cursor.fetchone())
