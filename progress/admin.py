from django.contrib import admin

from progress.models import Session, SessionExercise, StageChange
from progress.status import refresh_stage_changes


class SessionExerciseInline(admin.TabularInline):
    model = SessionExercise
    extra = 0
    autocomplete_fields = ["exercise"]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["date", "time", "user", "leg_pain_before", "leg_pain_after", "back_pain"]
    list_filter = ["date", "symptoms_reach"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
    date_hierarchy = "date"
    raw_id_fields = ["user"]
    inlines = [SessionExerciseInline]

    # The stored gate state and stage history follow every change, here as in the app.
    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        refresh_stage_changes(form.instance.user)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        refresh_stage_changes(obj.user)

    def delete_queryset(self, request, queryset):
        users = {session.user for session in queryset.select_related("user")}
        super().delete_queryset(request, queryset)
        for user in users:
            refresh_stage_changes(user)


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
