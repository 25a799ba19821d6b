import io
import json

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.forms.fields import InvalidJSONInput
from PIL import Image, ImageOps, UnidentifiedImageError

from exercises import figures
from exercises.models import (
    IMAGE_COPY_WIDTHS,
    IMAGE_MAX_WIDTH,
    Equipment,
    Exercise,
    Position,
    Section,
    Stage,
    image_copy_name,
)

# Larger than any photograph needs, small enough to process without exhausting memory.
IMAGE_MAX_PIXELS = 40_000_000


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


class FigureField(forms.JSONField):
    """The figure's pose data as JSON that reads well, one pose a line, with the place of a
    mistake named when it does not read as JSON."""

    # One pose a line, kept whole: the lines scroll sideways rather than wrap.
    widget = forms.Textarea(attrs={"rows": 18, "cols": 110, "spellcheck": "false", "wrap": "off"})

    def prepare_value(self, value):
        if isinstance(value, InvalidJSONInput):
            return value
        return figures.dumps(value)

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            try:
                json.loads(value)
            except json.JSONDecodeError as error:
                raise ValidationError(
                    f"The figure is not valid JSON: {error.msg} at line {error.lineno}, column "
                    f"{error.colno}. Check the commas, brackets and double quotes near there."
                ) from error
        return super().to_python(value)

    def clean(self, value):
        # Emptied, the exercise has no drawing (and the database keeps an empty figure, not null).
        return super().clean(value) or {}


def _encoded(picture: Image.Image, width: int) -> tuple[bytes, tuple[int, int]]:
    """The picture at a width (never enlarged) as WebP. Pillow writes no metadata it is not
    given, so the camera, place and date of a photograph are left behind."""
    if picture.width > width:
        picture = picture.resize((width, round(picture.height * width / picture.width)))
    buffer = io.BytesIO()
    picture.save(buffer, "WEBP", quality=82, method=6)
    return buffer.getvalue(), picture.size


class ExerciseAdminForm(forms.ModelForm):
    figure = FigureField(
        required=False,
        label="Figure (key poses)",
        help_text=Exercise._meta.get_field("figure").help_text
        + " Each pose also says which steps it shows and what rests on the floor; the README "
        "says how to correct a pose.",
    )

    class Meta:
        model = Exercise
        # The admin adds every other field from its fieldsets.
        fields = ["slug", "figure", "image", "image_alt"]

    image_copies: dict[int, bytes]

    def clean_image(self):
        image = self.cleaned_data.get("image")
        self.image_copies = {}
        if not isinstance(image, UploadedFile):
            return image
        try:
            image.seek(0)
            with Image.open(image) as opened:
                if opened.width * opened.height > IMAGE_MAX_PIXELS:
                    raise ValidationError(
                        "This picture is too large to use "
                        f"({opened.width} by {opened.height} pixels). Save it smaller, under 40 "
                        "million pixels, and upload it again."
                    )
                picture = ImageOps.exif_transpose(opened)
                picture.load()
        except (OSError, UnidentifiedImageError, Image.DecompressionBombError) as error:
            raise ValidationError(
                "This file could not be read as a picture. Upload a JPEG, PNG or WebP image."
            ) from error
        has_alpha = picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info
        picture = picture.convert("RGBA" if has_alpha else "RGB")
        data, self.image_size = _encoded(picture, IMAGE_MAX_WIDTH)
        for width in IMAGE_COPY_WIDTHS:
            if width < self.image_size[0]:
                self.image_copies[width] = _encoded(picture, width)[0]
        slug = self.cleaned_data.get("slug") or "illustration"
        return ContentFile(data, name=f"{slug}.webp")

    def save(self, commit=True):
        if "image" in self.changed_data:
            size = getattr(self, "image_size", None) if self.instance.image else None
            self.instance.image_width, self.instance.image_height = size or (None, None)
        return super().save(commit)

    def save_image_copies(self, exercise: Exercise) -> None:
        """Store the smaller copies beside the saved illustration, under its final name."""
        if not getattr(self, "image_copies", None) or not exercise.image:
            return
        storage = exercise.image.storage
        for width, data in self.image_copies.items():
            name = image_copy_name(exercise.image.name, width)
            if storage.exists(name):
                storage.delete(name)
            storage.save(name, ContentFile(data))
