from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from progress.status import refresh_stage_changes
from sciatica.accounts.models import person_time_zone


class Command(BaseCommand):
    help = (
        "Compute every person's stages again from their whole log and store the result. Pages "
        "do this by themselves when the gate's rules or code change; this does it for everyone "
        "at once, e.g. right after a release."
    )

    def handle(self, *args, **options) -> None:
        people = get_user_model().objects.filter(workouts__isnull=False).distinct()
        count = 0
        for person in people.iterator():
            # "Today" is the person's: a session dated today where they are counts.
            with person_time_zone(person):
                refresh_stage_changes(person)
            count += 1
        self.stdout.write(f"Stages computed again for {count} people.")
