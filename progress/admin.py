from django.contrib import admin
from django.http import HttpRequest

from progress import record
from progress.models import (
    Assessment,
    Bothersomeness,
    FunctionalRating,
    FunctionalScale,
    RedFlagReport,
    Screening,
    Session,
    SessionExercise,
    ShareLink,
    StageChange,
)


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

    def get_readonly_fields(self, request, obj=None):
        # Moving a session to someone else would leave both people's stored stages wrong.
        return ["user"] if obj is not None else []

    # A session and its exercises are saved together through the app's one write path, as the
    # log form saves them: the warning signs it adds are recorded and the stages follow.
    def save_model(self, request, obj, form, change):
        pass

    def save_related(self, request, form, formsets, change):
        entries = []
        for formset in formsets:
            # Without saving anything, this sorts the rows into added, changed and removed
            # ones, which the admin's history message reads.
            formset.save(commit=False)
            removed = set(formset.deleted_forms)
            kept = [
                f.instance
                for f in formset.forms
                if f not in removed
                and f.instance.exercise_id
                and (f.instance.pk or f.has_changed())
            ]
            entries += sorted(kept, key=lambda entry: entry.order)
        record.save_session(
            form.instance,
            [
                {"exercise": entry.exercise, **{f: getattr(entry, f) for f in record.ENTRY_FIELDS}}
                for entry in entries
            ],
        )

    def delete_model(self, request, obj):
        record.delete_session(obj)

    def delete_queryset(self, request, queryset):
        for session in queryset.select_related("user"):
            record.delete_session(session)


class HistoryAdmin(admin.ModelAdmin):
    """Rows that are a person's history: shown to staff, never added or edited by hand.

    Deleting one on its own would rewrite that history; deleting the person (in the users'
    admin) still takes it with them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None):
        return not self._on_own_pages(request) and super().has_delete_permission(request, obj)

    def _on_own_pages(self, request: HttpRequest) -> bool:
        match = request.resolver_match
        own = f"{self.opts.app_label}_{self.opts.model_name}_"
        return match is None or (match.url_name or "").startswith(own)


@admin.register(StageChange)
class StageChangeAdmin(HistoryAdmin):
    """Derived from the sessions by the gate, so shown but never edited by hand."""

    list_display = ["date", "user", "stage", "status", "reason"]
    list_filter = ["status", "stage"]
    list_select_related = ["user", "stage"]
    search_fields = ["user__username"]


@admin.register(RedFlagReport)
class RedFlagReportAdmin(HistoryAdmin):
    list_display = ["created_at", "user", "occurred_on", "signs", "suspends"]
    fields = ["user", "occurred_on", "signs", "codes", "suspends", "session", "screening"]
    readonly_fields = ["signs"]
    list_filter = ["suspends", "occurred_on"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
    date_hierarchy = "created_at"

    @admin.display(description="warning signs")
    def signs(self, report: RedFlagReport) -> str:
        return "; ".join(report.labels)


@admin.register(Screening)
class ScreeningAdmin(HistoryAdmin):
    list_display = ["created_at", "user", "red_flags", "soon_reasons"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
    date_hierarchy = "created_at"


@admin.register(Assessment)
class AssessmentAdmin(HistoryAdmin):
    list_display = ["confirmed_at", "user", "note"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
    date_hierarchy = "confirmed_at"


# The outcome measures and the shared links are the person's own: read here, never written.
@admin.register(Bothersomeness)
class BothersomenessAdmin(HistoryAdmin):
    list_display = ["answered_on", "user", "total", "leg_pain", "numbness", "weakness", "sitting"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
    date_hierarchy = "answered_on"


class FunctionalRatingInline(admin.TabularInline):
    model = FunctionalRating
    extra = 0
    can_delete = False
    fields = ["order", "activity", "rating"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(FunctionalScale)
class FunctionalScaleAdmin(HistoryAdmin):
    list_display = ["answered_on", "user"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
    date_hierarchy = "answered_on"
    inlines = [FunctionalRatingInline]


@admin.register(ShareLink)
class ShareLinkAdmin(HistoryAdmin):
    # Only the token's hash is stored, and even that is not shown: it opens nothing on its own.
    list_display = ["created_at", "user", "expires_at", "revoked_at", "last_opened_at"]
    fields = [
        "user",
        "created_at",
        "expires_at",
        "revoked_at",
        "last_opened_at",
        "period_days",
        "period_end",
        "name",
        "include_notes",
    ]
    readonly_fields = ["created_at"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
    date_hierarchy = "created_at"
