"""The log form's POST as a browser sends it, for code that drives the form from outside: the
tests and the bench (`make bench`). It sits beside the form it describes, so that a change to
the form's fields is made in one place and neither the tests nor the bench depends on the other.
Nothing in the app imports it."""

from django.utils import timezone


def log_form_data(rows=(), **fields) -> dict[str, str]:
    """A session as the log form posts it: today, calm pain scores, the exercise rows given
    (each a dict of one row's fields, such as {"exercise": "walk", "minutes": 20}), and any
    field given by name in place of its default. Every value is sent as text."""
    data = {
        "date": timezone.localdate().isoformat(),
        "leg_pain_before": "3",
        "leg_pain_after": "3",
        "back_pain": "2",
        "symptoms_reach": "thigh",
        "notes": "",
        # The formset's management form, as the page renders it.
        "form-TOTAL_FORMS": str(len(rows)),
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "40",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"form-{i}-{key}"] = str(value)
    return data | {key: str(value) for key, value in fields.items()}
