"""The log form's mark of whose diary it belongs to, for a session kept on a phone with no
connection: the service worker sends it later only while the same person is signed in."""

from django import template
from django.utils.crypto import salted_hmac
from django.utils.html import format_html

register = template.Library()


def owner_mark(user) -> str:
    """A short mark for one account that says nothing about it (not its number, not its name)."""
    return salted_hmac("sciatica.outbox.owner", str(user.pk), algorithm="sha256").hexdigest()[:20]


@register.simple_tag(takes_context=True)
def owner_field(context) -> str:
    user = context["request"].user
    if not user.is_authenticated:
        return ""
    return format_html('<input type="hidden" name="owner" value="{}">', owner_mark(user))
