from django.urls import path

from progress.views import (
    dashboard,
    guided,
    history,
    log,
    measures,
    safety,
    stages,
    summary,
    transfer,
)

app_name = "progress"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("log/", log.log, name="log"),
    path("log/row/", log.log_row, name="log_row"),
    path("routine/", guided.start, name="routine"),
    path("routine/<int:n>/", guided.step, name="routine_step"),
    # The same name without a number: the step the person is at.
    path("routine/step/", guided.current_step, name="routine_step"),
    path("routine/log/", guided.finish, name="routine_log"),
    path("history/", history.history, name="history"),
    path("sessions/<int:pk>/", history.session_detail, name="session"),
    path("sessions/<int:pk>/edit/", log.edit, name="edit"),
    path("sessions/<int:pk>/delete/", history.delete, name="delete"),
    path("sessions/<int:pk>/check-in/", dashboard.check_in, name="check_in"),
    path("stages/", stages.stages, name="stages"),
    path("stages.json", stages.stages_json, name="stages_json"),
    path("export.csv", transfer.export_csv, name="export"),
    path("import/", transfer.import_csv, name="import"),
    path("screening/", safety.screening, name="screening"),
    path("warning/", safety.warning, name="warning"),
    path("assessed/", safety.assessed, name="assessed"),
    path("summary/", summary.summary, name="summary"),
    path("summary/share/", summary.share, name="share"),
    path("summary/unshare/", summary.unshare, name="unshare"),
    path("measures/", measures.overview, name="measures"),
    path("measures/bothersomeness/", measures.bothersomeness, name="bothersomeness"),
    path("measures/activities/", measures.functional_scale, name="functional_scale"),
    path("measures/not-this-week/", measures.skip, name="measures_skip"),
    path("measures.csv", measures.export_csv, name="measures_export"),
    path("measures/import/", measures.import_csv, name="measures_import"),
]
