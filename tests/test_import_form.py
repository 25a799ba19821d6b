"""The import form on the history page, as a person uses it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from progress.csvlog import COLUMNS
from progress.models import Session
from tests.helpers import days_ago

pytestmark = pytest.mark.django_db

URL = reverse("progress:import")
HEADER = ",".join(COLUMNS)


def upload(text: str | bytes, name="log.csv"):
    data = text.encode() if isinstance(text, str) else text
    return {"file": SimpleUploadedFile(name, data, content_type="text/csv")}


def test_a_good_file_is_imported_and_said_so(client_alice, alice):
    row = f"{days_ago(3)},3,3,,2,thigh,gluteal-stretch:3x30s;walk,,"
    response = client_alice.post(URL, upload(f"{HEADER}\n{row}\n"), follow=True)
    assert "Imported 1 session." in response.content.decode()
    assert Session.objects.filter(user=alice).count() == 1


def test_a_bad_file_lists_its_problems_and_imports_nothing(client_alice):
    rows = f"{days_ago(3)},3,3,,2,thigh,walk,,\n{days_ago(2)},3,12,,2,thigh,walk,,\n"
    response = client_alice.post(URL, upload(f"{HEADER}\n{rows}"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing was imported" in html
    assert "Row 3" in html
    assert Session.objects.count() == 0


def test_no_file_is_asked_for_again(client_alice):
    response = client_alice.post(URL, {}, follow=True)
    assert "Choose a CSV file to import." in response.content.decode()


def test_a_file_that_is_not_text_is_refused(client_alice):
    response = client_alice.post(URL, upload(b"\xff\xfe\x00binary"), follow=True)
    assert "not a UTF-8 text (CSV) file" in response.content.decode()
    assert Session.objects.count() == 0


def test_an_oversized_file_is_refused(client_alice):
    big = HEADER + "\n" + ("x" * 1024 + "\n") * (5 * 1024 + 10)
    response = client_alice.post(URL, upload(big), follow=True)
    assert "larger than 5 MB" in response.content.decode()


def test_the_import_is_a_post(client_alice):
    assert client_alice.get(URL).status_code == 405


def test_a_body_over_the_limit_is_refused_before_it_is_read(client_alice, alice, monkeypatch):
    from django.http.multipartparser import MultiPartParser

    def never(*args, **kwargs):
        raise AssertionError("the body was read")

    monkeypatch.setattr(MultiPartParser, "parse", never)
    response = client_alice.generic(
        "POST",
        "/progress/import/",
        b"x" * 100,
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(100 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert "The app takes files of up to 5 MB. Nothing was imported" in response.content.decode()
    assert response["Connection"] == "close"


def test_a_body_just_under_the_limit_reaches_the_import_and_gets_its_message(client_alice):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from progress.csvlog import MAX_BYTES

    upload = SimpleUploadedFile("big.csv", b"a" * (MAX_BYTES + 1), content_type="text/csv")
    response = client_alice.post("/progress/import/", {"file": upload}, follow=True)
    assert "That file is larger than 5 MB: nothing was imported." in response.content.decode()


def calm_fortnight_rows(first_days_back=30):
    return "".join(
        f"{days_ago(first_days_back - n)},3,3,,2,thigh,core-stabilization:1x10,,\n"
        for n in (0, 3, 5, 8, 11, 13)
    )


def test_the_message_says_which_stage_the_import_opened(client_alice, alice):
    response = client_alice.post(URL, upload(f"{HEADER}\n{calm_fortnight_rows()}"), follow=True)
    html = response.content.decode()
    assert "Imported 6 sessions." in html
    day = days_ago(17)
    assert f"The Plank stage is now open: it unlocked on {day:%-d %B}" in html
    assert 'class="message message-success" role="status">The Plank stage is now open' in html


def test_a_stage_paused_by_the_import_is_a_warning_not_good_news(client_alice, alice):
    client_alice.post(URL, upload(f"{HEADER}\n{calm_fortnight_rows()}"))
    flare = f"{days_ago(5)},3,6,,2,thigh,walk:20min,,\n"
    html = client_alice.post(URL, upload(f"{HEADER}\n{flare}"), follow=True).content.decode()
    assert (
        'class="message message-warning" role="status">The Plank stage has been paused since '
        f"{days_ago(5):%-d %B}"
    ) in html


def test_an_import_that_changes_no_stage_only_counts_sessions(client_alice):
    row = f"{days_ago(3)},3,3,,2,thigh,walk:25min:2.1km,,"
    html = client_alice.post(URL, upload(f"{HEADER}\n{row}\n"), follow=True).content.decode()
    assert "Imported 1 session." in html
    assert " stage " not in html[html.index("messages") : html.index("</main>")]


def test_an_unknown_exercise_is_refused_with_the_nearest_names(client_alice):
    row = f"{days_ago(3)},3,3,,2,thigh,hamstring-stretch:1x10,,"
    response = client_alice.post(URL, upload(f"{HEADER}\n{row}\n"))
    assert response.status_code == 400
    assert "Did you mean standing-hamstring-stretch or single-leg-hamstring-stretch?" in (
        response.content.decode()
    )
