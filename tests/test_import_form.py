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
