from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sciatica.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from sciatica.accounts.middleware import remember_time_zone_at_login

        user_logged_in.connect(remember_time_zone_at_login, dispatch_uid="accounts-time-zone")
