from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from exercises import views
from exercises.forms import ExerciseAdminForm
from exercises.models import Exercise, Stage


class ExerciseInline(admin.TabularInline):
    model = Exercise
    fields = ["order", "name", "section"]
    readonly_fields = ["name", "section"]
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ["order"]


@admin.register(Stage)
class StageAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order", "gated"]
    list_editable = ["order"]
    list_filter = ["gated"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    # The program's unlock rules decide which stages are gated, so the box only reports it.
    readonly_fields = ["gated"]
    inlines = [ExerciseInline]


@admin.register(Exercise)
class ExerciseAdmin(admin.ModelAdmin):
    form = ExerciseAdminForm
    list_display = ["name", "slug", "stage", "section", "position", "equipment", "order"]
    list_filter = ["stage", "section", "position", "equipment"]
    list_select_related = ["stage"]
    search_fields = ["name", "slug", "summary", "steps", "search_terms"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["harder"]
    ordering = ["stage__order", "order"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "stage", "section", "order", "position", "equipment"]}),
        ("What to do", {"fields": ["summary", "steps", "app_reading", "feel", "stop_if"]}),
        (
            "Dose",
            {
                "description": "Numbers only where the program gives numbers; otherwise a note.",
                "fields": [
                    ("reps_min", "reps_max", "reps_qualifier"),
                    ("hold_seconds", "repeats"),
                    ("sides", "load_lb"),
                    "dose_note",
                ],
            },
        ),
        ("Variants", {"fields": ["easier_option", "starts_easier", "build_up", "harder"]}),
        ("Finding it", {"fields": ["search_terms"]}),
        (
            "Figure",
            {
                "description": "The drawing the app makes from the key poses. Save to see a "
                "change; a pose that cannot be drawn is explained above the field.",
                "fields": ["figure_preview", "figure"],
            },
        ),
        ("Illustration", {"fields": ["image", "image_alt"]}),
    ]
    readonly_fields = ["figure_preview"]

    @admin.display(description="As drawn")
    def figure_preview(self, exercise: Exercise) -> str:
        if not exercise.pk or not exercise.figure or exercise.figure_problems():
            return "No drawing yet."
        return format_html(
            '<img src="{}" alt="" height="160"> <img src="{}" alt="" height="120">',
            views.figure_url(exercise),
            reverse("exercises:figure_steps", args=[exercise.slug]),
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        form.save_image_copies(obj)
