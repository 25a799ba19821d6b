from django.contrib import admin

from progress.models import Session, SessionExercise, StageChange


class SessionExerciseInline(admin.TabularInline):
    model = SessionExercise
    extra = 0
    autocomplete_fields = ["exercise"]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["date", "user", "leg_pain_before", "leg_pain_after", "back_pain"]
    list_filter = ["date", "symptoms_reach"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
    date_hierarchy = "date"
    raw_id_fields = ["user"]
    inlines = [SessionExerciseInline]


@admin.register(StageChange)
class StageChangeAdmin(admin.ModelAdmin):
    """Derived from the sessions by the gate, so shown but never edited by hand."""

    list_display = ["date", "user", "stage", "status", "reason"]
    list_filter = ["status", "stage"]
    list_select_related = ["user", "stage"]
    search_fields = ["user__username"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
