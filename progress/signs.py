"""The warning signs and the reasons to see a doctor, worded once.

Every place that names them reads them from here: the checkboxes of the log and of the safety
questions, the emergency page, the footer, the guidance, the 500 page. The stored codes never
change (they are in people's records and CSV files); only the words may.

What to do about each group comes from settings.HELP_ADVICE, and the numbers to call from
settings.HELP_CALLS, so that a deployment outside the UK can give its own numbers and services.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings


class Urgency(StrEnum):
    EMERGENCY = "emergency"  # A&E or 999, now
    TODAY = "today"  # the GP today, or 111
    GP = "gp"  # an appointment with the GP


@dataclass(frozen=True)
class Sign:
    code: str
    text: str
    urgency: Urgency


# Possible cauda equina syndrome: treatment is urgent. Each lists everything the emergency
# page says about it, so that ticking a box and reading the page mean the same thing.
EMERGENCY_SIGNS = (
    Sign(
        "saddle_numbness",
        "Numbness or tingling around your genitals, buttocks or back passage",
        Urgency.EMERGENCY,
    ),
    Sign(
        "bladder_bowel",
        "New trouble passing urine, losing control of your bladder or bowel, or not feeling "
        "when you need to go",
        Urgency.EMERGENCY,
    ),
    Sign("both_legs", "Sciatica in both legs", Urgency.EMERGENCY),
    Sign(
        "worsening_weakness",
        "Weakness or numbness in a leg or foot that is severe or getting worse, such as a foot "
        "that drags or slaps down as you walk",
        Urgency.EMERGENCY,
    ),
)

# Not an emergency, but a doctor should see them soon; they suspend nothing.
SEE_TODAY = (
    Sign("fever_unwell", "A fever, or feeling generally unwell, with back pain", Urgency.TODAY),
    Sign("weight_loss", "Losing weight without trying", Urgency.TODAY),
    Sign("cancer_history", "A history of cancer", Urgency.TODAY),
    Sign("recent_injury", "A recent fall or injury to your back", Urgency.TODAY),
    Sign("osteoporosis_steroids", "Osteoporosis, or taking steroids long term", Urgency.TODAY),
    Sign(
        "night_pain",
        "Pain that is worst at night and not eased by rest or changing position",
        Urgency.TODAY,
    ),
)

SEE_GP = (
    Sign("pain_worsening", "Pain that keeps getting worse", Urgency.GP),
    Sign("stops_activities", "Pain that stops you doing your normal activities", Urgency.GP),
    # Not asked: the app works it out from the log (see safety.leg_pain_review_due).
    Sign("no_better", "No better after a few weeks of exercising at home", Urgency.GP),
)

# What the safety questions ask about, beyond the emergency signs.
ASKED_SOON = tuple(sign for sign in (*SEE_TODAY, *SEE_GP) if sign.code != "no_better")

BY_CODE = {sign.code: sign for sign in (*EMERGENCY_SIGNS, *SEE_TODAY, *SEE_GP)}


def advice(urgency: Urgency | str) -> str:
    """What to do, in the words people know where the app runs: "Go to A&E or call 999 now"."""
    return settings.HELP_ADVICE[Urgency(urgency)]


@dataclass(frozen=True)
class Call:
    number: str  # as people write it: "999", "+44 20 7946 0000"
    service: str  # who answers: "Emergency services"

    @property
    def href(self) -> str:
        # A tel: link holds only the digits, and a leading + for an international number.
        digits = "".join(c for c in self.number if c.isdigit())
        return f"tel:{'+' if self.number.startswith('+') else ''}{digits}"


def calls() -> dict[str, Call]:
    """The numbers to call, by urgency; one without a number has no button."""
    return {
        urgency: Call(call["number"], call["service"])
        for urgency, call in settings.HELP_CALLS.items()
        if call["number"]
    }


def by_urgency(codes) -> list[tuple[str, list[Sign]]]:
    """The signs with these codes, grouped by urgency, most urgent first: (advice, signs)."""
    signs = [BY_CODE[code] for code in codes if code in BY_CODE]
    return [
        (advice(urgency), group)
        for urgency in Urgency
        if (group := [sign for sign in signs if sign.urgency == urgency])
    ]
