from django.urls import path

from exercises import views

app_name = "exercises"

urlpatterns = [
    path("", views.library, name="list"),
    path("<slug:slug>/", views.detail, name="detail"),
]
