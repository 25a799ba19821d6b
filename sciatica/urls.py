from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView, TemplateView

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="exercises:list"), name="home"),
    path("exercises/", include("exercises.urls")),
    path(
        "guidance/",
        TemplateView.as_view(template_name="guidance.html"),
        name="guidance",
    ),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
