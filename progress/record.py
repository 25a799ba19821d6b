"""One write path for a person's record.

Every change to the log (the log form, an edit, a deletion, the morning check-in, and the
admin) goes through these functions: each saves, records a new warning sign, and brings the
stored gate state up to date in one transaction, so a crash between two of them cannot leave a
warning sign that suspends nothing or a stage that no session supports. The CSV import saves
through `add_sessions`, in bulk.
"""

from dataclasses import dataclass

from django.db import transaction

from progress import gate, safety
from progress.models import RedFlagReport, Session, SessionExercise
from progress.status import refresh_stage_changes

ENTRY_FIELDS = ("sets", "reps", "hold_seconds", "load_kg", "minutes", "distance_km")


@dataclass(frozen=True)
class Saved:
    session: Session
    state: gate.State
    new_warning_signs: bool

    @property
    def flare(self) -> bool:
        return self.session.pk in self.state.flares


@transaction.atomic
def save_session(session: Session, entries: list[dict]) -> Saved:
    """Save a session (new or edited) with its exercises, each a dict with "exercise" and its
    dose; record any warning sign it adds; and update the stored gate state."""
    created = session.pk is None
    before = set()
    if not created:
        before = set(Session.objects.filter(pk=session.pk).values_list("red_flags", flat=True)[0])
    session.save()
    if not created:
        session.entries.all().delete()
    SessionExercise.objects.bulk_create(
        SessionExercise(
            session=session,
            exercise=row["exercise"],
            order=order,
            **{field: row.get(field) for field in ENTRY_FIELDS},
        )
        for order, row in enumerate(entries)
    )
    new_signs = bool(set(session.red_flags) - before)
    if new_signs:
        safety.record_red_flags(session.user, session.red_flags, session=session)
    state = refresh_stage_changes(session.user, newest=session if created else None)
    return Saved(session, state, new_signs)


@transaction.atomic
def add_sessions(
    user, sessions: list[Session], entries: list[SessionExercise]
) -> tuple[gate.State, list[RedFlagReport]]:
    """Sessions from an imported file, saved in bulk with their exercises (each entry already
    points at its session). A warning sign dates from its session: a recent one suspends the
    program until a clinician assessment is confirmed, as if it had just been ticked; an older
    one is kept as history only."""
    for session in sessions:
        session.user = user
    Session.objects.bulk_create(sessions)
    SessionExercise.objects.bulk_create(entries)
    reports = RedFlagReport.objects.bulk_create(
        RedFlagReport(
            user=user,
            codes=sorted(session.red_flags),
            session=session,
            occurred_on=session.date,
            suspends=safety.is_recent(session.date),
        )
        for session in sessions
        if session.red_flags
    )
    if reports:
        safety.touch(user)
    return refresh_stage_changes(user), reports


@transaction.atomic
def delete_session(session: Session) -> gate.State:
    session.delete()
    return refresh_stage_changes(session.user)


@transaction.atomic
def record_check_in(session: Session, score: int) -> gate.State:
    """The leg pain the morning after a session."""
    session.leg_pain_next_morning = score
    session.save(update_fields=["leg_pain_next_morning", "updated_at"])
    return refresh_stage_changes(session.user)
