from django.core.management.base import BaseCommand

from sciatica.icons import write_all


class Command(BaseCommand):
    help = "Draws the home-screen icons (static/icons/*.png) from the app's mark."

    def handle(self, *args, **options):
        for path in write_all():
            self.stdout.write(f"Wrote {path.name}")
