from django.urls import path

from exercises import views

app_name = "exercises"

urlpatterns = [
    path("", views.library, name="list"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/figure.svg", views.figure, name="figure"),
    path("<slug:slug>/figure-steps.svg", views.figure, {"form": "steps"}, name="figure_steps"),
]
