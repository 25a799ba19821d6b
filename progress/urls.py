from django.urls import path

from progress import views

app_name = "progress"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("log/", views.log, name="log"),
    path("log/row/", views.log_row, name="log_row"),
    path("history/", views.history, name="history"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("sessions/<int:pk>/edit/", views.edit, name="edit"),
    path("sessions/<int:pk>/delete/", views.delete, name="delete"),
    path("sessions/<int:pk>/check-in/", views.check_in, name="check_in"),
    path("stages/", views.stages, name="stages"),
    path("stages.json", views.stages_json, name="stages_json"),
    path("export.csv", views.export_csv, name="export"),
    path("import/", views.import_csv, name="import"),
    path("screening/", views.screening, name="screening"),
    path("warning/", views.warning, name="warning"),
    path("assessed/", views.assessed, name="assessed"),
]
