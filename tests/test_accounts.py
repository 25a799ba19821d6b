"""Accounts: sign up, log in and out, change a password, and reset a forgotten one by email."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.test import Client

pytestmark = pytest.mark.django_db

User = get_user_model()
DASHBOARD = "/progress/"
GOOD_PASSWORD = "calm-heron-walks-47"


@pytest.fixture
def alice() -> AbstractBaseUser:
    return User.objects.create_user("alice", "alice@example.com", GOOD_PASSWORD)


def sign_up(client, **fields):
    data = {"username": "bob", "email": "", "password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD}
    return client.post("/accounts/signup/", {**data, **fields})


def logged_in_username(client) -> str | None:
    # Read from the session, not the page: the dashboard it leads to is not ours to render.
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id).username if user_id else None


# Sign up


def test_signing_up_creates_the_account_logs_in_and_goes_to_the_dashboard(client):
    response = sign_up(client, username="bob", email="bob@example.com")
    assert response.status_code == 302
    assert response["Location"] == DASHBOARD
    bob = User.objects.get(username="bob")
    assert bob.email == "bob@example.com"
    assert bob.check_password(GOOD_PASSWORD)
    assert logged_in_username(client) == "bob"


def test_the_email_is_optional(client):
    assert sign_up(client, email="")["Location"] == DASHBOARD
    assert User.objects.get(username="bob").email == ""


def test_the_sign_up_form_says_what_the_email_is_for(client):
    html = client.get("/accounts/signup/").content.decode()
    assert "Email (optional)" in html
    assert "Only used to send you a link if you forget your password" in html


def test_a_username_that_differs_only_in_capitals_is_refused(client, alice):
    response = sign_up(client, username="Alice")
    assert response.status_code == 200
    assert "That username is taken (capitals don&#x27;t count)" in response.content.decode()
    assert User.objects.filter(username__iexact="alice").count() == 1
    assert logged_in_username(client) is None


@pytest.mark.parametrize("password", ["k7#q", "password", "48213975604"], ids=str)
def test_a_weak_password_is_refused(client, password):
    response = sign_up(client, password1=password, password2=password)
    assert response.status_code == 200
    assert not User.objects.filter(username="bob").exists()
    assert 'id="id_password2_error"' in response.content.decode()


def test_two_different_passwords_are_refused(client):
    response = sign_up(client, password2=GOOD_PASSWORD + "x")
    assert response.status_code == 200
    assert "The two passwords are different" in response.content.decode()
    assert not User.objects.filter(username="bob").exists()


def test_errors_show_in_a_summary_at_the_top_and_next_to_the_field(client, alice):
    html = sign_up(client, username="ALICE").content.decode()
    summary = html[html.index('role="alert"') : html.index("</div>", html.index('role="alert"'))]
    assert '<a href="#id_username">Username</a>' in summary
    assert 'id="id_username_error"' in html
    assert re.search(r'<input[^>]*aria-invalid="true"[^>]*id="id_username"', html)


def test_a_logged_in_person_is_sent_from_sign_up_to_the_dashboard(client, alice):
    client.force_login(alice)
    response = client.get("/accounts/signup/")
    assert response.status_code == 302
    assert response["Location"] == DASHBOARD
    assert sign_up(client)["Location"] == DASHBOARD
    assert not User.objects.filter(username="bob").exists()


# Log in


def test_logging_in_goes_to_the_dashboard(client, alice):
    response = client.post("/accounts/login/", {"username": "alice", "password": GOOD_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == DASHBOARD
    assert logged_in_username(client) == "alice"


def test_a_page_that_needs_a_login_sends_a_visitor_to_log_in_and_back(client, alice):
    response = client.get("/accounts/password_change/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/password_change/"
    html = client.get(response["Location"]).content.decode()
    assert "Please log in to see that page" in html
    assert '<input type="hidden" name="next" value="/accounts/password_change/">' in html
    response = client.post(
        "/accounts/login/",
        {"username": "alice", "password": GOOD_PASSWORD, "next": "/accounts/password_change/"},
    )
    assert response["Location"] == "/accounts/password_change/"


def test_a_wrong_password_is_refused_with_a_message(client, alice):
    response = client.post("/accounts/login/", {"username": "alice", "password": "wrong"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "That username and password don&#x27;t match an account" in html
    assert logged_in_username(client) is None


def test_with_the_case_insensitive_backend_capitals_do_not_matter_at_log_in(
    client, alice, settings
):
    settings.AUTHENTICATION_BACKENDS = ["sciatica.accounts.backends.CaseInsensitiveModelBackend"]
    response = client.post("/accounts/login/", {"username": "Alice", "password": GOOD_PASSWORD})
    assert response["Location"] == DASHBOARD
    assert logged_in_username(client) == "alice"


def test_the_case_insensitive_backend_does_not_guess_between_look_alike_names(
    client, alice, settings
):
    settings.AUTHENTICATION_BACKENDS = ["sciatica.accounts.backends.CaseInsensitiveModelBackend"]
    # Made before sign-up refused look-alikes, e.g. in the admin.
    User.objects.create_user("ALICE", password=GOOD_PASSWORD)
    client.post("/accounts/login/", {"username": "Alice", "password": GOOD_PASSWORD})
    assert logged_in_username(client) is None
    client.post("/accounts/login/", {"username": "ALICE", "password": GOOD_PASSWORD})
    assert logged_in_username(client) == "ALICE"


# Log out


def test_logging_out_is_a_post_and_ends_the_session(client, alice):
    client.force_login(alice)
    assert client.get("/accounts/logout/").status_code == 405
    assert logged_in_username(client) == "alice"
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/exercises/"
    assert logged_in_username(client) is None


def test_the_nav_logs_out_with_a_form(client, alice):
    client.force_login(alice)
    html = client.get("/exercises/").content.decode()
    assert re.search(r'<form method="post" action="/accounts/logout/"', html)


# Change password


def test_changing_the_password_needs_a_login(client):
    response = client.post(
        "/accounts/password_change/",
        {"old_password": "x", "new_password1": "y", "new_password2": "y"},
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_changing_the_password_sets_the_new_one_and_keeps_you_logged_in(client, alice):
    client.force_login(alice)
    new = "quiet-otter-swims-82"
    response = client.post(
        "/accounts/password_change/",
        {"old_password": GOOD_PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response["Location"] == "/accounts/password_change/done/"
    alice.refresh_from_db()
    assert alice.check_password(new)
    assert logged_in_username(client) == "alice"


def test_a_wrong_current_password_changes_nothing(client, alice):
    client.force_login(alice)
    new = "quiet-otter-swims-82"
    response = client.post(
        "/accounts/password_change/",
        {"old_password": "wrong", "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    alice.refresh_from_db()
    assert alice.check_password(GOOD_PASSWORD)


# Reset a forgotten password


def reset_link(email) -> str:
    match = re.search(r"http://testserver(/accounts/reset/[^/\s]+/[^/\s]+/)", email.body)
    assert match, email.body
    return match.group(1)


def test_a_reset_emails_one_link_that_sets_a_new_password(client, alice, mailoutbox):
    response = client.post("/accounts/password_reset/", {"email": "ALICE@example.com"})
    assert response["Location"] == "/accounts/password_reset/done/"
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == ["alice@example.com"]
    assert email.subject == "Reset your sciatica password"
    assert "Your username, in case you have forgotten it: alice" in email.body

    # The link swaps its token for a session, so the token never sits in the address bar.
    response = client.get(reset_link(email))
    assert response.status_code == 302
    form_url = response["Location"]
    assert "Choose a new password" in client.get(form_url).content.decode()
    new = "quiet-otter-swims-82"
    response = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert response["Location"] == "/accounts/reset/done/"
    alice.refresh_from_db()
    assert alice.check_password(new)


def test_a_reset_link_works_only_once(client, alice, mailoutbox):
    client.post("/accounts/password_reset/", {"email": "alice@example.com"})
    link = reset_link(mailoutbox[0])
    form_url = client.get(link)["Location"]
    new = "quiet-otter-swims-82"
    client.post(form_url, {"new_password1": new, "new_password2": new})
    response = client.get(link)
    assert response.status_code == 200
    assert "This link no longer works" in response.content.decode()


def test_the_reset_gives_the_same_answer_for_an_unknown_address_and_sends_nothing(
    client, alice, mailoutbox
):
    unknown = client.post("/accounts/password_reset/", {"email": "nobody@example.com"})
    known = client.post("/accounts/password_reset/", {"email": "alice@example.com"})
    assert unknown.status_code == known.status_code == 302
    assert unknown["Location"] == known["Location"] == "/accounts/password_reset/done/"
    assert [email.to for email in mailoutbox] == [["alice@example.com"]]
    html = client.get("/accounts/password_reset/done/").content.decode()
    assert "If an account uses that address, we've sent a link" in html


# Every account page


def reset_form_url(client, user, mailoutbox) -> str:
    client.post("/accounts/password_reset/", {"email": user.email})
    return client.get(reset_link(mailoutbox[-1]))["Location"]


ANONYMOUS_PAGES = [
    "/accounts/signup/",
    "/accounts/login/",
    "/accounts/password_reset/",
    "/accounts/password_reset/done/",
    "/accounts/reset/done/",
    "/accounts/reset/MQ/not-a-token/",
]
LOGGED_IN_PAGES = ["/accounts/password_change/", "/accounts/password_change/done/"]


@pytest.fixture(params=[*ANONYMOUS_PAGES, *LOGGED_IN_PAGES, "reset form"])
def account_page(request, client, alice, mailoutbox):
    if request.param in LOGGED_IN_PAGES:
        client.force_login(alice)
    url = request.param
    if url == "reset form":
        url = reset_form_url(client, alice, mailoutbox)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


class Inputs(HTMLParser):
    """Collects the form's inputs and the labels that point at them."""

    def __init__(self):
        super().__init__()
        self.inputs: list[dict] = []
        self.label_targets: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "label":
            self.label_targets.add(attrs.get("for"))
        if tag in ("input", "select", "textarea") and attrs.get("type") != "hidden":
            self.inputs.append(attrs)


def test_every_account_page_has_one_heading(account_page):
    assert account_page.count("<h1") == 1


def test_no_account_page_has_inline_style_or_script(account_page):
    assert not re.search(r"<script(?![^>]*\bsrc=)", account_page), "inline <script>"
    assert not re.search(r"\sstyle=", account_page), "inline style attribute"
    assert "<style" not in account_page
    assert "{%" not in account_page


def test_every_field_on_an_account_page_has_a_label_and_autocomplete(account_page):
    parser = Inputs()
    parser.feed(account_page)
    for field in parser.inputs:
        assert field.get("id") in parser.label_targets, field
        assert field.get("autocomplete") in (
            "username",
            "email",
            "new-password",
            "current-password",
        ), field


@pytest.mark.parametrize(
    "url, links",
    [
        ("/accounts/login/", ["/accounts/signup/", "/accounts/password_reset/"]),
        ("/accounts/signup/", ["/accounts/login/"]),
        ("/accounts/password_reset/", ["/accounts/login/"]),
    ],
)
def test_the_account_pages_link_to_each_other(client, url, links):
    html = client.get(url).content.decode()
    for link in links:
        assert f'href="{link}"' in html, link


def test_sign_up_says_the_app_is_a_diary_and_guide_not_medical_advice(client):
    html = client.get("/accounts/signup/").content.decode()
    assert "sciatica is an exercise diary and guide, not medical advice" in html
    assert "It does not diagnose or treat anything" in html


# Capitals in the username


def test_log_in_says_what_sign_up_says_about_capitals(client):
    signup = client.get("/accounts/signup/").content.decode()
    login = client.get("/accounts/login/").content.decode()
    assert "Capitals don't count" in signup
    assert '<div class="helptext" id="id_username_helptext">Capitals don\'t count.</div>' in login
    assert 'aria-describedby="id_username_helptext" id="id_username"' in login
    assert "case-sensitive" not in login


def test_a_failed_log_in_says_capitals_count_only_in_the_password(client, alice):
    html = client.post("/accounts/login/", {"username": "ALICE", "password": "x"}).content.decode()
    assert "Capitals count in the password, not in the username." in html
    assert "case-sensitive" not in html


# Changing the password, in the app's words


def test_the_password_change_form_speaks_plainly(client, alice):
    client.force_login(alice)
    html = client.get("/accounts/password_change/").content.decode()
    assert '<label for="id_old_password">Current password:</label>' in html
    assert '<label for="id_new_password1">New password:</label>' in html
    assert '<label for="id_new_password2">New password again:</label>' in html
    assert "Type the same password again, to catch typing slips." in html
    for django_words in ("Old password", "New password confirmation", "for verification"):
        assert django_words not in html


def test_a_password_change_with_two_different_new_passwords_says_so(client, alice):
    client.force_login(alice)
    response = client.post(
        "/accounts/password_change/",
        {
            "old_password": GOOD_PASSWORD,
            "new_password1": "quiet-otter-swims-82",
            "new_password2": "quiet-otter-swims-83",
        },
    )
    assert "The two new passwords are different" in response.content.decode()
    alice.refresh_from_db()
    assert alice.check_password(GOOD_PASSWORD)


def test_the_new_password_form_from_a_reset_link_uses_the_same_words(client, alice, mailoutbox):
    html = client.get(reset_form_url(client, alice, mailoutbox)).content.decode()
    assert '<label for="id_new_password2">New password again:</label>' in html
    assert "New password confirmation" not in html


# Reset pages


@pytest.mark.parametrize(
    "url",
    ["/accounts/password_reset/", "/accounts/password_reset/done/", "/accounts/reset/done/"],
)
def test_no_reset_page_tells_a_person_to_sign_up_again(client, url):
    main = client.get(url).content.decode().split("<main", 1)[1].split("</main>")[0]
    assert "/accounts/signup/" not in main
    assert "sign up" not in main.lower()


def test_the_reset_page_says_where_to_add_a_missing_address(client):
    html = client.get("/accounts/password_reset/").content.decode()
    assert "No email address on your account?" in html
    assert "add an address in Settings there" in html


def test_the_invalid_link_page_offers_a_new_link_not_a_new_account(client):
    main = client.get("/accounts/reset/MQ/not-a-token/").content.decode().split("<main", 1)[1]
    main = main.split("</main>")[0]
    assert 'href="/accounts/password_reset/"' in main
    assert "signup" not in main


# The email address, in settings

SETTINGS = "/accounts/settings/"


@pytest.fixture
def bob_without_email() -> AbstractBaseUser:
    return User.objects.create_user("bob", "", GOOD_PASSWORD)


def new_email(address: str) -> dict:
    """The email form as Alice or Bob sends it, with their current password."""
    return {"email": address, "current_password": GOOD_PASSWORD}


def test_the_settings_page_offers_to_add_an_email_when_there_is_none(client, bob_without_email):
    client.force_login(bob_without_email)
    html = client.get(SETTINGS).content.decode()
    assert "You have not given an email address" in html
    assert re.search(r'<input type="email" name="email"[^>]*autocomplete="email"', html)


def test_adding_an_email_lets_a_forgotten_password_be_reset(client, bob_without_email, mailoutbox):
    client.force_login(bob_without_email)
    response = client.post(SETTINGS, new_email(" Bob@Example.COM "), follow=True)
    assert response.redirect_chain == [(SETTINGS, 302)]
    assert "Saved. If you forget your password, we&#x27;ll send a link to Bob@example.com." in (
        response.content.decode()
    )
    bob_without_email.refresh_from_db()
    assert bob_without_email.email == "Bob@example.com"

    client.post("/accounts/logout/")
    client.post("/accounts/password_reset/", {"email": "bob@example.com"})
    assert [email.to for email in mailoutbox] == [["Bob@example.com"]]
    assert "Your username, in case you have forgotten it: bob" in mailoutbox[0].body


def test_changing_the_email_shows_the_new_one_and_keeps_the_time_zone(client, alice):
    from sciatica.accounts.models import Profile

    Profile.objects.create(user=alice, time_zone="Europe/Paris")
    client.force_login(alice)
    client.post(SETTINGS, new_email("alice@example.net"))
    alice.refresh_from_db()
    assert alice.email == "alice@example.net"
    assert Profile.objects.get(user=alice).time_zone == "Europe/Paris"
    html = client.get(SETTINGS).content.decode()
    assert "we'll send a link to <strong>alice@example.net</strong>" in html
    assert 'value="alice@example.net"' in html


def test_two_accounts_may_share_an_email_address(client, alice, bob_without_email):
    client.force_login(bob_without_email)
    client.post(SETTINGS, new_email("alice@example.com"))
    assert User.objects.filter(email="alice@example.com").count() == 2


@pytest.mark.parametrize(
    "value, message",
    [
        ("bob.example.com", "That is not an email address. Please check it"),
        ("bob@", "That is not an email address. Please check it"),
        ("b" * 250 + "@example.com", "That address is too long: it can have 254 characters"),
    ],
    ids=["no-at", "no-domain", "too-long"],
)
def test_a_wrong_email_is_refused_with_a_message_and_changes_nothing(client, alice, value, message):
    client.force_login(alice)
    response = client.post(SETTINGS, new_email(value))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html
    assert message in html
    assert '<a href="#id_email">Email address</a>' in html
    alice.refresh_from_db()
    assert alice.email == "alice@example.com"


def test_an_empty_email_removes_it_and_says_what_that_means(client, alice):
    client.force_login(alice)
    html = client.post(SETTINGS, new_email(""), follow=True).content.decode()
    assert "Your email address is removed." in html
    assert "we can&#x27;t send you a link if you forget your password" in html
    alice.refresh_from_db()
    assert alice.email == ""


def test_a_reset_link_sent_to_the_old_address_stops_working_once_it_changes(
    client, alice, mailoutbox
):
    # Logged in on a phone before the link was asked for (logging in alone ends old links).
    phone = Client()
    phone.force_login(alice)
    client.post("/accounts/password_reset/", {"email": "alice@example.com"})
    link = reset_link(mailoutbox[0])
    phone.post(SETTINGS, new_email("alice@example.net"))
    assert "This link no longer works" in client.get(link).content.decode()


def test_a_reset_link_still_works_when_the_address_is_saved_unchanged(client, alice, mailoutbox):
    phone = Client()
    phone.force_login(alice)
    client.post("/accounts/password_reset/", {"email": "alice@example.com"})
    phone.post(SETTINGS, new_email("alice@example.com"))
    assert client.get(reset_link(mailoutbox[0])).status_code == 302


def test_changing_the_email_asks_for_the_current_password(client, alice):
    client.force_login(alice)
    html = client.get(SETTINGS).content.decode()
    assert re.search(
        r'<input type="password" name="current_password"[^>]*autocomplete="current-password"',
        html,
    )
    assert "Your current password" in html


def test_a_wrong_current_password_changes_nothing_and_says_so(client, alice):
    client.force_login(alice)
    response = client.post(
        SETTINGS, {"email": "someone@example.net", "current_password": "not-her-password"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "That is not your current password, so your email address is unchanged." in html
    assert '<a href="#id_current_password">Your current password</a>' in html
    # What was typed is kept for another try, but never the password.
    assert 'value="someone@example.net"' in html
    assert "not-her-password" not in html
    alice.refresh_from_db()
    assert alice.email == "alice@example.com"


@pytest.mark.parametrize("address", ["someone@example.net", ""], ids=["change", "remove"])
def test_without_the_current_password_the_email_is_neither_changed_nor_removed(
    client, alice, address
):
    client.force_login(alice)
    response = client.post(SETTINGS, {"email": address, "current_password": ""})
    assert response.status_code == 200
    assert "Please type your current password to change your email address." in (
        response.content.decode()
    )
    alice.refresh_from_db()
    assert alice.email == "alice@example.com"


def test_guessing_the_password_through_the_email_form_is_limited(client, alice):
    client.force_login(alice)
    wrong = {"email": "someone@example.net", "current_password": "a-guess"}
    for _ in range(5):
        client.post(SETTINGS, wrong)
    response = client.post(SETTINGS, new_email("someone@example.net"))
    assert "Too many failed attempts." in response.content.decode()
    alice.refresh_from_db()
    assert alice.email == "alice@example.com"


def test_the_settings_page_links_the_export_the_password_and_deletion(client, alice):
    client.force_login(alice)
    html = client.get(SETTINGS).content.decode()
    assert '<a href="/progress/export.csv">Download your log (CSV)</a>' in html
    assert '<a href="/accounts/password_change/">Change your password</a>' in html
    assert '<a href="/accounts/delete/">Delete your account</a>' in html


def test_saving_the_time_zone_leaves_the_email_alone(client, alice):
    client.force_login(alice)
    client.post(SETTINGS, {"time_zone": "Europe/Paris"})
    alice.refresh_from_db()
    assert alice.email == "alice@example.com"
