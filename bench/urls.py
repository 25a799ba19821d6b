from django.shortcuts import render
from django.urls import path

from sciatica.urls import urlpatterns as site


def bare(request):
    """The yardstick: a view that renders a small template through the same middleware."""
    return render(request, "bench/bare.html", {"name": "sciatica"})


urlpatterns = [path("bench/bare/", bare, name="bare"), *site]
