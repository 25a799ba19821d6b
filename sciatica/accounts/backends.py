"""Logging in by user name whatever its capitals, as sign-up treats them."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

User = get_user_model()


class CaseInsensitiveModelBackend(ModelBackend):
    """Log in as "alice" whether it is typed "alice" or "Alice", as sign-up treats them alike.

    Enabled by AUTHENTICATION_BACKENDS = ["sciatica.accounts.backends.CaseInsensitiveModelBackend"].
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is not None:
            # An exact match wins; look-alike names made before sign-up refused them are
            # ambiguous, so only a single case-insensitive match is taken.
            names = set(
                User.objects.filter(username__iexact=username).values_list("username", flat=True)
            )
            if username not in names and len(names) == 1:
                username = names.pop()
        return super().authenticate(request, username=username, password=password, **kwargs)
