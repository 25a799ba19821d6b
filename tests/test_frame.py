"""The frame of every page (header links, stylesheet, the emergency line) is worked out once per
process, and says the same as Django's own tags would."""

import pytest
from django.templatetags.static import static
from django.urls import reverse

from progress import signs
from progress.templatetags.warning_signs import in_sentence, warning_signs
from sciatica.context_processors import FRAME_STATIC, FRAME_URLS

pytestmark = pytest.mark.django_db


def test_the_frames_addresses_are_the_ones_django_reverses(client_alice):
    context = client_alice.get(reverse("progress:history")).context
    assert context["frame_urls"] == {key: reverse(name) for key, name in FRAME_URLS.items()}
    assert context["frame_static"] == {key: static(path) for key, path in FRAME_STATIC.items()}
    assert context["here"] == "history"


def test_the_footer_lists_every_emergency_sign_in_one_sentence(client):
    listed = warning_signs()["listed"]
    texts = [in_sentence(sign.text) for sign in signs.EMERGENCY_SIGNS]
    assert listed == "; ".join(texts[:-1]) + ", or " + texts[-1]
    assert f"if you notice {listed}." in client.get(reverse("guidance")).content.decode()


def test_the_header_marks_the_page_being_shown(client_alice):
    import re

    from django.test import Client

    def current(response) -> list[str]:
        return re.findall(r'<a href="([^"]+)" aria-current="page">', response.content.decode())

    assert current(client_alice.get(reverse("progress:history"))) == [reverse("progress:history")]
    assert current(client_alice.get(reverse("exercises:detail", args=["bridge"]))) == [
        reverse("exercises:list")
    ]
    assert current(client_alice.get(reverse("progress:stages"))) == []
    visitor = Client().get(reverse("login")).content.decode()
    assert f'<a href="{reverse("login")}" aria-current="page">Log in</a>' in visitor
    assert "Log out" not in visitor and "My progress" not in visitor


def test_a_signed_in_person_sees_their_own_links_and_can_log_out(client_alice):
    html = client_alice.get(reverse("guidance")).content.decode()
    for name in ("progress:dashboard", "progress:log", "progress:history", "account_settings"):
        assert f'<a href="{reverse(name)}"' in html
    assert f'action="{reverse("logout")}"' in html and "Sign up" not in html
