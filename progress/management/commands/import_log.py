from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from progress.csvlog import MAX_BYTES, import_csv
from progress.management.commands.export_log import user_named
from sciatica.accounts.models import person_time_zone


class Command(BaseCommand):
    help = (
        "Add sessions to a person's log from a CSV file as export_log writes it. Every row is "
        "checked first: one bad row and nothing is saved. Sessions already in the log are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="Whose log to add to.")
        parser.add_argument("file", type=Path, help="The CSV file, in UTF-8.")

    def handle(self, *args, username: str, file: Path, **options) -> None:
        user = user_named(username)
        try:
            # newline="" keeps line breaks inside quoted notes as written. Reading one character
            # past the limit is enough for import_csv to refuse a file that is too big, without
            # loading all of it.
            with file.open(encoding="utf-8", newline="") as handle:
                text = handle.read(MAX_BYTES + 1)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror or error}.") from None
        except UnicodeDecodeError:
            raise CommandError(f"{file} is not UTF-8 text; save it as CSV UTF-8.") from None
        # "In the future" and "a recent warning sign" are judged on the person's own date.
        with person_time_zone(user):
            result = import_csv(user, text)
        if result.errors:
            raise CommandError("Nothing was imported.\n" + "\n".join(result.errors))
        self.stdout.write(
            f"Imported {result.created} sessions ({result.skipped} already in the log)."
        )
