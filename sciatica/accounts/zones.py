"""Time zone names: which are accepted, and how the settings page lists them. No ORM here."""

from functools import cache
from zoneinfo import available_timezones

from django.core.exceptions import ValidationError

# The areas a person looks for their city under. Other accepted names (GB, US/Eastern,
# Etc/GMT+5) are old aliases: accepted from a browser, but not offered in the list.
REGIONS = (
    "Africa",
    "America",
    "Antarctica",
    "Arctic",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
)


@cache
def known_time_zones() -> frozenset[str]:
    # "localtime" would quietly mean the server's zone, and "Factory" is no place at all.
    return frozenset(available_timezones() - {"localtime", "Factory"})


def validate_time_zone(name: str) -> None:
    if name not in known_time_zones():
        raise ValidationError(
            "“%(name)s” is not a time zone we know. Please choose one from the list.",
            code="unknown_time_zone",
            params={"name": name},
        )


def time_zone_choices(current: str) -> list:
    """UTC, then the zones by region ("Europe" → "London"), with `current` kept if unlisted."""
    groups: dict[str, list[tuple[str, str]]] = {region: [] for region in REGIONS}
    for name in sorted(known_time_zones()):
        region, _, place = name.partition("/")
        if region in groups and place:
            groups[region].append((name, place.replace("_", " ")))
    choices: list = [("UTC", "UTC")]
    listed = {"UTC"} | {name for places in groups.values() for name, _ in places}
    if current not in listed:
        choices.insert(0, (current, current))
    return choices + [(region, places) for region, places in groups.items() if places]
