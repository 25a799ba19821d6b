from django.conf import settings
from django.core import serializers
from django.core.management.base import BaseCommand
from django.db import transaction

FIXTURE = settings.BASE_DIR / "fixtures" / "exercises.json"


class Command(BaseCommand):
    help = (
        "Add the program's stages and exercises from fixtures/exercises.json that the database "
        "lacks. Unlike loaddata, rows that already exist are left as they are, so content "
        "edited in the admin survives; --update overwrites them with the fixture's version."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--update", action="store_true", help="Overwrite existing rows with the fixture."
        )

    @transaction.atomic
    def handle(self, *args, update: bool = False, **options):
        created = updated = 0
        deferred = []
        with FIXTURE.open(encoding="utf-8") as fixture:
            # Natural keys resolve an existing row's primary key, so pk tells new from known.
            objects = serializers.deserialize("json", fixture, handle_forward_references=True)
            for item in objects:
                if item.object.pk is not None and not update:
                    continue
                if item.object.pk is None:
                    created += 1
                else:
                    updated += 1
                # A raw fixture save skips auto_now: the database sets updated_at instead.
                item.save()
                if item.deferred_fields:
                    deferred.append(item)
        # A progression may name an exercise that comes later in the file.
        for item in deferred:
            item.save_deferred_fields()
        self.stdout.write(f"Exercise content: {created} rows added, {updated} updated.")
