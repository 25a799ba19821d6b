from django import forms

from exercises.models import Equipment, Position, Section, Stage


class LibraryFilterForm(forms.Form):
    """The library's filters. Every field is optional; an invalid one is reported and ignored."""

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=100,
        widget=forms.SearchInput(attrs={"placeholder": "e.g. hamstring, wall, bed"}),
    )
    stage = forms.ModelChoiceField(
        queryset=Stage.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="All",
    )
    section = forms.ChoiceField(choices=[("", "All"), *Section.choices], required=False)
    position = forms.ChoiceField(choices=[("", "All"), *Position.choices], required=False)
    equipment = forms.ChoiceField(choices=[("", "All"), *Equipment.choices], required=False)

    def filters(self) -> dict:
        """The valid, non-empty filters; invalid fields are left out."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {name: value for name, value in cleaned.items() if value not in ("", None)}
