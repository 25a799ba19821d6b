from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class ProgressConfig(AppConfig):
    name = "progress"
    verbose_name = "Progress"

    def ready(self):
        from progress import safety
        from progress.models import (
            Assessment,
            Bothersomeness,
            FunctionalScale,
            MeasuresOffer,
            RedFlagReport,
            Screening,
        )

        # The safety answers stored with a person's state follow every change to them,
        # whichever code makes it (a page, the admin, a script); so does the dashboard's offer
        # of the questionnaires, cached with its data until the state is touched.
        for model in (
            Screening,
            RedFlagReport,
            Assessment,
            Bothersomeness,
            FunctionalScale,
            MeasuresOffer,
        ):
            post_save.connect(
                safety.on_change, sender=model, dispatch_uid=f"touch-{model.__name__}"
            )
            post_delete.connect(
                safety.on_change, sender=model, dispatch_uid=f"untouch-{model.__name__}"
            )
