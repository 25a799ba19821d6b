"""Prints a new key pair for reminder notifications (Web Push), to put in the environment."""

from django.core.management.base import BaseCommand

from sciatica.accounts import webpush


class Command(BaseCommand):
    help = "Prints a new VAPID key pair for reminder notifications, as environment variables."

    def handle(self, *args, **options) -> None:
        public, private = webpush.new_keys()
        self.stdout.write(f"DJANGO_VAPID_PUBLIC_KEY={public}")
        self.stdout.write(f"DJANGO_VAPID_PRIVATE_KEY={private}")
        self.stdout.write(
            "# Keep the private key secret. A new pair stops the notifications of every browser "
            "subscribed with the old one until it subscribes again."
        )
