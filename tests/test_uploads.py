"""Uploading a CSV file: the log's import and the questionnaires' import read the file and show
its problems the same way, with the same limit and the same words."""

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse

from progress.csvlog import COLUMNS, MAX_BYTES
from progress.models import Bothersomeness, Session
from progress.views.transfer import SHOWN_ERRORS, uploaded_text
from tests.helpers import days_ago

pytestmark = pytest.mark.django_db

# Each import, where it sends the person back to, and a file whose every row is wrong.
IMPORTS = {
    "log": (
        "progress:import",
        "progress:history",
        ",".join(COLUMNS) + "\n" + f"{days_ago(2)},3,12,,2,thigh,walk,,\n" * (SHOWN_ERRORS + 7),
    ),
    "measures": (
        "progress:measures_import",
        "progress:measures",
        "date,measure,item,score\n" + "2026-01-01,xyz,leg_pain,1\n" * (SHOWN_ERRORS + 7),
    ),
}


def upload(data: bytes, name="mine.csv"):
    return {"file": SimpleUploadedFile(name, data, content_type="text/csv")}


def nothing_saved():
    return not Session.objects.exists() and not Bothersomeness.objects.exists()


@pytest.fixture(params=IMPORTS.values(), ids=IMPORTS.keys())
def the_import(request):
    url, back, bad_rows = request.param
    return reverse(url), reverse(back), bad_rows


def test_without_a_file_it_asks_for_one(client_alice, the_import):
    url, back, _ = the_import
    response = client_alice.post(url, {}, follow=True)
    assert response.redirect_chain == [(back, 302)]
    assert "Choose a CSV file to import." in response.content.decode()


def test_a_file_that_is_not_utf8_text_is_refused(client_alice, the_import):
    url, back, _ = the_import
    response = client_alice.post(url, upload(b"\xff\xfe\x00binary"), follow=True)
    assert response.redirect_chain == [(back, 302)]
    message = "That file is not a UTF-8 text (CSV) file: nothing was imported."
    assert message in response.content.decode()
    assert nothing_saved()


def test_a_file_over_the_limit_is_refused(client_alice, the_import):
    url, back, _ = the_import
    response = client_alice.post(url, upload(b"a" * (MAX_BYTES + 1)), follow=True)
    assert response.redirect_chain == [(back, 302)]
    assert "That file is larger than 5 MB: nothing was imported." in response.content.decode()
    assert nothing_saved()


def test_a_refused_file_shows_its_name_its_first_problems_and_how_many_more(
    client_alice, the_import
):
    url, _, bad_rows = the_import
    response = client_alice.post(url, upload(bad_rows.encode(), name="my-diary.csv"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "my-diary.csv has problems" in html
    assert f"Row {SHOWN_ERRORS + 1}:" in html
    assert f"Row {SHOWN_ERRORS + 2}:" not in html
    assert "and 7 more." in html
    assert nothing_saved()


def with_messages(request):
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_the_shared_reader_gives_a_good_files_text_and_says_nothing():
    request = with_messages(
        RequestFactory().post("/", upload("day,note\n2026-01-01,café\n".encode()))
    )
    assert uploaded_text(request) == "day,note\n2026-01-01,café\n"
    assert list(get_messages(request)) == []


def test_the_shared_reader_tells_the_person_when_there_is_no_text():
    request = with_messages(RequestFactory().post("/", {}))
    assert uploaded_text(request) is None
    assert [str(m) for m in get_messages(request)] == ["Choose a CSV file to import."]
