from io import StringIO

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the program's content, as `make run` loads it."""
    with django_db_blocker.unblock():
        call_command("seed_exercises", stdout=StringIO())


def screened(user):
    """A person who has answered the safety questions, with nothing to report."""
    from progress.models import Screening

    Screening.objects.create(user=user)
    return user


@pytest.fixture
def alice(django_user_model):
    return screened(django_user_model.objects.create_user("alice", password="a-long-pass-phrase"))


@pytest.fixture
def bob(django_user_model):
    return screened(django_user_model.objects.create_user("bob", password="another-long-phrase"))


@pytest.fixture
def client_alice(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The real hasher is slow on purpose; tests only need passwords to work.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    # Cached pages must not leak from one test into the next.
    from django.core.cache import cache

    from exercises.catalogue import forget

    cache.clear()
    forget()
