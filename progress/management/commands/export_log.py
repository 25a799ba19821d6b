import io

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.management.base import BaseCommand, CommandError

from progress.csvlog import write_csv
from sciatica.accounts.models import person_time_zone


class Command(BaseCommand):
    help = "Write a person's exercise log to standard output as CSV (the format import_log reads)."

    def add_arguments(self, parser):
        parser.add_argument("username", help="Whose log to export.")

    def handle(self, *args, username: str, **options) -> None:
        out = io.StringIO()
        user = user_named(username)
        # Dates such as "today" are the person's, not the server's.
        with person_time_zone(user):
            write_csv(user, out)
        # The CSV ends its own lines; the wrapper must not add one more.
        self.stdout.write(out.getvalue(), ending="")


def user_named(username: str) -> AbstractBaseUser:
    model = get_user_model()
    try:
        return model._default_manager.get_by_natural_key(username)
    except model.DoesNotExist:
        raise CommandError(f"There is no user called {username!r}.") from None
