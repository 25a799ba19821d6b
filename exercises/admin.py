from django.contrib import admin

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
        ("Illustration", {"fields": ["image", "image_alt"]}),
    ]
