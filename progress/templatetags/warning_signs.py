"""The warning signs for any template, the 500 page included (it is rendered without a
request or context processors): `{% load warning_signs %}{% warning_signs as signs %}`."""

from django import template
from django.conf import settings

from progress import signs as source

register = template.Library()


@register.simple_tag
def warning_signs() -> dict:
    return {
        "emergency": source.EMERGENCY_SIGNS,
        "today": source.SEE_TODAY,
        "gp": source.SEE_GP,
        "advice": settings.HELP_ADVICE,
        "calls": source.calls(),
        "listed": _listed(source.EMERGENCY_SIGNS),
    }


def _listed(signs) -> str:
    """The signs in one sentence: "a; b; c, or d"."""
    texts = [in_sentence(sign.text) for sign in signs]
    return "; ".join([*texts[:-2], ", or ".join(texts[-2:])])


@register.filter
def in_sentence(text: str) -> str:
    """ "Sciatica in both legs" as part of a sentence: "sciatica in both legs"."""
    return text[:1].lower() + text[1:]
