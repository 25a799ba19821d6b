from django import forms

from sciatica.accounts.zones import time_zone_choices, validate_time_zone


class TimeZoneForm(forms.Form):
    time_zone = forms.CharField(
        label="Your time zone",
        validators=[validate_time_zone],
        error_messages={"required": "Please choose your time zone."},
        help_text="Where you are most of the time. Your day starts at midnight here.",
    )

    def __init__(self, *args, current: str, **kwargs) -> None:
        super().__init__(*args, initial={"time_zone": current}, **kwargs)
        self.fields["time_zone"].widget = forms.Select(choices=time_zone_choices(current))
