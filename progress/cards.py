"""HTML fragments that pages repeat many times, made in Python rather than by template loops.

A month of history holds hundreds of exercise entries and the dashboard shows every stage on
every visit: the template language takes far longer over many small pieces than plain string
formatting does. Only numbers, dates, fixed words and escaped text go in.
"""

from collections.abc import Callable
from html import escape

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from progress.models import SymptomsReach


def session_url() -> Callable[[int], str]:
    """reverse("progress:session") for many sessions: reversed once, each number put in."""
    mark = "987654321"
    pattern = reverse("progress:session", args=[int(mark)])
    return lambda pk: pattern.replace(mark, str(pk))


STAGE_CARD = """<li class="stage-card status-{status}">
  <h3>{name} <span class="badge badge-{status}">{label}</span></h3>
  <p>{reason}</p>{because}
</li>"""
BECAUSE = '\n  <p class="meta">Because of <a href="{url}">the session of {day}</a>.</p>'


def stage_card(name: str, status: str, reason: str, change=None) -> SafeString:
    """A stage with its status for the person, and the session that last changed it."""
    because = ""
    if change is not None:
        day = f"{change.date.day} {change.date:%B}"
        because = BECAUSE.format(url=session_url()(change.session_id), day=day)
    return mark_safe(
        STAGE_CARD.format(
            status=escape(status),
            name=escape(name),
            label=escape(status.capitalize()),
            reason=escape(reason),
            because=because,
        )
    )


SESSION_CARD = """<li class="card">
    <div class="card-main">
      <h3 class="h4"><a href="{url}">{when}</a></h3>
      <p>{done}</p>
    </div>
    <div class="card-dose">
      <p>Leg pain {pain}</p>
      <p class="meta">Back pain {back} · Symptoms: {reach}</p>
    </div>
  </li>"""


def session_card(url, day, at, done, before, after, morning, back, reach) -> SafeString:
    """A session in the history's month: when, what was done (`done`: each exercise's HTML,
    already escaped) and the pain scores."""
    pain = f"{before} → {after}" + (f", next morning {morning}" if morning is not None else "")
    return mark_safe(
        SESSION_CARD.format(
            url=url,
            when=f"{day:%A} {day.day} {day:%B %Y}" + (f", {at:%H:%M}" if at else ""),
            done=", ".join(done) or "No exercises recorded",
            pain=pain,
            back=back,
            reach=SymptomsReach(reach).label.lower(),
        )
    )
