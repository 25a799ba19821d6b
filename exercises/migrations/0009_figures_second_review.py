"""The figures corrected a second time, also for databases seeded before.

As in migration 0008, only a figure still exactly as that migration left it is replaced: a
figure an admin has corrected or removed since is theirs, and is kept. The poses are written
here, before and after, so that this step stays the same when the fixture changes later.
"""

import json

from django.db import migrations
from django.utils import timezone

# slug -> the figure as migration 0008 left it, for the exercises corrected here.
PREVIOUS = json.loads(
    """
{
  "calf-stretch": {
    "props": {"wall": 43},
    "feel": ["right-calf"],
    "poses": [
      {"step": 1, "on": ["right-foot", "left-foot"], "at": -4, "left": {"shoulder": 5, "elbow": 0}, "right": {"shoulder": 5, "elbow": 0}},
      {"step": [2, 3], "move": 1.5, "on": ["right-foot", "left-foot"], "touch": ["left-toe", "right-hand", "left-hand"], "at": -4, "trunk": 84, "left": {"hip": 28, "knee": 0, "ankle": 22, "shoulder": 85, "elbow": 81}, "right": {"hip": -16, "ankle": -22, "shoulder": 85, "elbow": 81}},
      {"step": [4, 5], "hold": 2.5, "move": 2, "touch": ["left-toe", "right-hand", "left-hand"], "trunk": 70, "left": {"hip": 60, "knee": 50, "ankle": -13, "shoulder": 76, "elbow": 144}, "right": {"hip": -10, "ankle": -30, "shoulder": 76, "elbow": 144, "knee": 0}, "head": 0}
    ]
  },
  "core-stabilization": {
    "turn": 100,
    "tilt": 30,
    "ground": "mat",
    "feel": ["trunk"],
    "poses": [
      {"step": 2, "on": ["trunk", "left-foot", "right-foot"], "trunk": 180, "head": 25, "left": {"hip": 50, "knee": 100, "ankle": 40, "shoulder": 5, "elbow": 0}, "right": {"hip": 50, "knee": 100, "ankle": 40, "shoulder": 5, "elbow": 0}},
      {"step": 4, "move": 1.5, "on": ["trunk", "left-foot"], "right": {"hip": 90, "knee": 90, "ankle": 20}},
      {"step": 5, "hold": 0.5, "move": 2, "right": {"hip_out": 45}},
      {"step": 6, "move": 2, "right": {"hip_out": 0}},
      {"step": 6, "move": 1.5, "on": ["trunk", "left-foot", "right-foot"], "right": {"hip": 50, "knee": 100, "ankle": 40}}
    ],
    "easier": {
      "view": "side",
      "turn": 0,
      "tilt": 0,
      "poses": [
        {"on": ["trunk", "left-heel", "right-heel"], "trunk": 180, "head": 25, "left": {"hip": 0, "knee": 0, "ankle": 0, "shoulder": 0, "elbow": 60, "shoulder_out": 20, "shoulder_turn": -60}, "right": {"hip": 0, "knee": 0, "ankle": 0, "shoulder": 0, "elbow": 60, "shoulder_out": 20, "shoulder_turn": -60}},
        {"move": 2, "on": ["trunk", "left-heel", "right-foot"], "right": {"hip": 50, "knee": 100, "ankle": 40}},
        {"move": 2, "on": ["trunk", "left-heel", "right-heel"], "right": {"hip": 0, "knee": 0, "ankle": 0}}
      ]
    }
  },
  "plank": {
    "ground": "mat",
    "feel": ["trunk"],
    "poses": [
      {"step": 1, "on": ["pelvis", "right-toe", "left-toe", "right-knee", "left-knee", "right-elbow", "left-elbow", "right-hand", "left-hand"], "trunk": 31, "left": {"hip": -31, "knee": 15, "ankle": 24, "shoulder": 69, "elbow": 80}, "right": {"hip": -31, "knee": 15, "ankle": 24, "shoulder": 69, "elbow": 80}},
      {"step": 3, "hold": 2, "move": 1.5, "on": ["right-toe", "left-toe", "right-forearm", "left-forearm"], "trunk": 12, "left": {"hip": 0, "knee": 0, "ankle": 99, "shoulder": 67, "elbow": 100}, "right": {"hip": 0, "knee": 0, "ankle": 99, "shoulder": 67, "elbow": 100}},
      {"step": 5, "on": ["pelvis", "right-toe", "left-toe", "right-knee", "left-knee", "right-elbow", "left-elbow", "right-hand", "left-hand"], "trunk": 31, "left": {"hip": -31, "knee": 15, "ankle": 24, "shoulder": 69, "elbow": 80}, "right": {"hip": -31, "knee": 15, "ankle": 24, "shoulder": 69, "elbow": 80}, "move": 1.5}
    ],
    "easier": {
      "poses": [
        {"on": ["pelvis", "right-toe", "left-toe", "right-knee", "left-knee", "right-elbow", "left-elbow", "right-hand", "left-hand"], "trunk": 31, "left": {"hip": -31, "knee": 15, "ankle": 24, "shoulder": 69, "elbow": 80}, "right": {"hip": -31, "knee": 15, "ankle": 24, "shoulder": 69, "elbow": 80}},
        {"hold": 2, "move": 1.5, "on": ["right-knee", "left-knee", "right-toe", "left-toe", "right-forearm", "left-forearm"], "trunk": 18, "left": {"hip": 0, "knee": 33, "ankle": 24, "shoulder": 76, "elbow": 85}, "right": {"hip": 0, "knee": 33, "ankle": 24, "shoulder": 76, "elbow": 85}},
        {"on": ["pelvis", "right-toe", "left-toe", "right-knee", "left-knee", "right-elbow", "left-elbow", "right-hand", "left-hand"], "trunk": 31, "left": {"hip": -31, "knee": 15, "ankle": 24, "shoulder": 69, "elbow": 80}, "right": {"hip": -31, "knee": 15, "ankle": 24, "shoulder": 69, "elbow": 80}, "move": 1.5}
      ]
    }
  }
}
"""
)

# slug -> the corrected figure, as in fixtures/exercises.json when this migration was written.
CORRECTED = json.loads(
    """
{
  "calf-stretch": {
    "props": {"wall": 43},
    "feel": ["right-calf"],
    "poses": [
      {"step": 1, "on": ["right-foot", "left-foot"], "at": -11, "left": {"shoulder": 5, "elbow": 0}, "right": {"shoulder": 5, "elbow": 0}},
      {"step": [2, 3], "move": 1.5, "on": ["right-foot", "left-foot"], "touch": ["left-toe", "right-hand", "left-hand"], "at": -11, "trunk": 76, "left": {"hip": 42, "knee": 4, "ankle": 26, "shoulder": 52, "elbow": 97}, "right": {"hip": -12, "ankle": -26, "shoulder": 52, "elbow": 97}},
      {"step": [4, 5], "hold": 2.5, "move": 2, "touch": ["left-toe", "right-hand", "left-hand"], "trunk": 66, "left": {"hip": 66, "knee": 37, "ankle": 8, "shoulder": 58, "elbow": 130}, "right": {"hip": -6, "ankle": -30, "shoulder": 58, "elbow": 130, "knee": 0}, "head": 0}
    ]
  },
  "core-stabilization": {
    "turn": 115,
    "tilt": 30,
    "ground": "mat",
    "feel": ["trunk"],
    "poses": [
      {"step": 2, "on": ["trunk", "left-foot", "right-foot"], "trunk": 180, "head": 25, "left": {"hip": 50, "knee": 100, "ankle": 40, "shoulder": 5, "elbow": 0}, "right": {"hip": 50, "knee": 100, "ankle": 40, "shoulder": 5, "elbow": 0}},
      {"step": 4, "move": 1.5, "on": ["trunk", "left-foot"], "right": {"hip": 90, "knee": 90, "ankle": 20}},
      {"step": 5, "hold": 0.5, "move": 2, "right": {"hip_out": 45}},
      {"step": 6, "move": 2, "right": {"hip_out": 0}},
      {"step": 6, "move": 1.5, "on": ["trunk", "left-foot", "right-foot"], "right": {"hip": 50, "knee": 100, "ankle": 40}}
    ],
    "easier": {
      "view": "side",
      "turn": 0,
      "tilt": 0,
      "poses": [
        {"on": ["trunk", "left-heel", "right-heel"], "trunk": 180, "head": 25, "left": {"hip": 0, "knee": 0, "ankle": 0, "shoulder": 0, "elbow": 60, "shoulder_out": 20, "shoulder_turn": -60}, "right": {"hip": 0, "knee": 0, "ankle": 0, "shoulder": 0, "elbow": 60, "shoulder_out": 20, "shoulder_turn": -60}},
        {"move": 2, "on": ["trunk", "left-heel", "right-foot"], "right": {"hip": 50, "knee": 100, "ankle": 40}},
        {"move": 2, "on": ["trunk", "left-heel", "right-heel"], "right": {"hip": 0, "knee": 0, "ankle": 0}}
      ]
    }
  },
  "plank": {
    "ground": "mat",
    "feel": ["trunk"],
    "poses": [
      {"step": 1, "on": ["pelvis", "right-toe", "left-toe", "right-knee", "left-knee", "right-elbow", "left-elbow", "right-hand", "left-hand"], "trunk": 32, "left": {"hip": -32, "knee": 15, "ankle": 24, "shoulder": 58, "elbow": 90}, "right": {"hip": -32, "knee": 15, "ankle": 24, "shoulder": 58, "elbow": 90}},
      {"step": 3, "hold": 2, "move": 1.5, "on": ["right-toe", "left-toe", "right-forearm", "left-forearm"], "trunk": 6.5, "left": {"hip": 0, "knee": 0, "ankle": 5, "shoulder": 83.5, "elbow": 90}, "right": {"hip": 0, "knee": 0, "ankle": 5, "shoulder": 83.5, "elbow": 90}},
      {"step": 5, "on": ["pelvis", "right-toe", "left-toe", "right-knee", "left-knee", "right-elbow", "left-elbow", "right-hand", "left-hand"], "trunk": 32, "left": {"hip": -32, "knee": 15, "ankle": 24, "shoulder": 58, "elbow": 90}, "right": {"hip": -32, "knee": 15, "ankle": 24, "shoulder": 58, "elbow": 90}, "move": 1.5}
    ],
    "easier": {
      "poses": [
        {"on": ["pelvis", "right-toe", "left-toe", "right-knee", "left-knee", "right-elbow", "left-elbow", "right-hand", "left-hand"], "trunk": 32, "left": {"hip": -32, "knee": 15, "ankle": 24, "shoulder": 62, "elbow": 86}, "right": {"hip": -32, "knee": 15, "ankle": 24, "shoulder": 62, "elbow": 86}},
        {"hold": 2, "move": 1.5, "on": ["right-knee", "left-knee", "right-toe", "left-toe", "right-forearm", "left-forearm"], "trunk": 18, "left": {"hip": 0, "knee": 33, "ankle": 24, "shoulder": 69, "elbow": 94}, "right": {"hip": 0, "knee": 33, "ankle": 24, "shoulder": 69, "elbow": 94}},
        {"on": ["pelvis", "right-toe", "left-toe", "right-knee", "left-knee", "right-elbow", "left-elbow", "right-hand", "left-hand"], "trunk": 32, "left": {"hip": -32, "knee": 15, "ankle": 24, "shoulder": 62, "elbow": 86}, "right": {"hip": -32, "knee": 15, "ankle": 24, "shoulder": 62, "elbow": 86}, "move": 1.5}
      ]
    }
  }
}
"""
)


def _swap(apps, before: dict, after: dict) -> None:
    Exercise = apps.get_model("exercises", "Exercise")
    for exercise in Exercise.objects.filter(slug__in=after):
        if exercise.figure != before[exercise.slug]:
            continue
        exercise.figure = after[exercise.slug]
        # Cached pages are keyed on the content's latest change.
        exercise.updated_at = timezone.now()
        exercise.save(update_fields=["figure", "updated_at"])


def correct(apps, schema_editor):
    _swap(apps, PREVIOUS, CORRECTED)


def undo(apps, schema_editor):
    _swap(apps, CORRECTED, PREVIOUS)


class Migration(migrations.Migration):

    dependencies = [
        ("exercises", "0008_figures_after_review"),
    ]

    operations = [
        migrations.RunPython(correct, undo),
    ]
