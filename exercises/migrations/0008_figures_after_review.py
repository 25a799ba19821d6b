"""The figures corrected after a physiotherapist's review, also for databases seeded before.

Only a figure still exactly as it first arrived (migration 0007) is replaced: a figure an admin
has corrected or removed since is theirs, and is kept. The poses are written here, as they were
before and after, so that this step stays the same when the fixture changes later.
"""

import json

from django.db import migrations
from django.utils import timezone

# slug -> the figure as migration 0007 brought it, for the exercises corrected here.
PREVIOUS = json.loads(
    """
{
  "straight-leg-raise": {
    "ground": "bed",
    "feel": ["right-thigh", "right-calf"],
    "poses": [
      {"step": 1, "on": ["trunk", "right-heel", "left-foot"], "trunk": 180, "head": 25, "left": {"hip": 50, "knee": 100, "ankle": 40, "shoulder": 5, "elbow": 0}, "right": {"hip": 0, "knee": 0, "ankle": 0, "shoulder": 5, "elbow": 0}},
      {"step": 3, "move": 1.5, "on": ["trunk", "left-foot"], "right": {"hip": 70}},
      {"step": 4, "on": ["pelvis", "left-foot"], "back": 10, "head": 30, "left": {"shoulder": 48, "elbow": 0}, "right": {"hip": 85, "shoulder": 48, "elbow": 0}},
      {"step": 5, "on": ["trunk", "right-heel", "left-foot"], "back": 0, "head": 25, "left": {"shoulder": 5, "elbow": 0}, "right": {"hip": 0, "shoulder": 5, "elbow": 0}}
    ]
  },
  "lower-back-rock": {
    "ground": "mat",
    "feel": ["low-back"],
    "poses": [
      {"step": 1, "on": ["right-knee", "left-knee", "right-toe", "left-toe", "right-hand", "left-hand"], "trunk": 16, "left": {"hip": 74, "knee": 90, "ankle": 90, "shoulder": 74, "elbow": 0}, "right": {"hip": 74, "knee": 90, "ankle": 90, "shoulder": 74, "elbow": 0}},
      {"step": 3, "hold": 0.5, "move": 2, "trunk": 8, "back": 12, "head": 5, "left": {"hip": 109, "knee": 117, "ankle": 90, "shoulder": 142}, "right": {"hip": 109, "knee": 117, "ankle": 90, "shoulder": 142}}
    ]
  },
  "back-extension": {
    "ground": "mat",
    "feel": ["low-back"],
    "poses": [
      {"step": 1, "on": ["pelvis", "right-knee", "right-toe", "right-elbow", "right-hand"], "trunk": 0, "head": -25, "left": {"ankle": 90, "shoulder": 180, "elbow": 0, "shoulder_out": 40}, "right": {"ankle": 90, "shoulder": 180, "elbow": 0, "shoulder_out": 40}},
      {"step": 3, "hold": 2, "move": 2.5, "trunk": 17, "back": -26, "head": -10, "left": {"hip": -17, "ankle": 90, "shoulder": 66, "elbow": 90, "shoulder_out": 0}, "right": {"hip": -17, "ankle": 90, "shoulder": 48, "elbow": 90, "shoulder_out": 0}},
      {"step": 5, "move": 2, "trunk": 0, "back": 0, "head": -25, "left": {"hip": 0, "ankle": 90, "shoulder": 180, "elbow": 0, "shoulder_out": 40}, "right": {"hip": 0, "ankle": 90, "shoulder": 180, "elbow": 0, "shoulder_out": 40}}
    ]
  },
  "calf-stretch": {
    "props": {"wall": 43},
    "feel": ["right-calf"],
    "poses": [
      {"step": 1, "on": ["right-foot", "left-foot"], "at": -4, "left": {"shoulder": 5, "elbow": 0}, "right": {"shoulder": 5, "elbow": 0}},
      {"step": [2, 3], "move": 1.5, "on": ["right-foot", "left-foot"], "touch": ["left-toe", "right-hand", "left-hand"], "at": -4, "trunk": 84, "left": {"hip": 28, "knee": 0, "ankle": 22, "shoulder": 85, "elbow": 81}, "right": {"hip": -16, "ankle": -22, "shoulder": 85, "elbow": 81}},
      {"step": [4, 5], "hold": 2.5, "move": 2, "touch": ["left-toe", "right-hand", "left-hand"], "trunk": 72, "left": {"hip": 47, "knee": 15, "ankle": 15, "shoulder": 90, "elbow": 110}, "right": {"hip": -4, "ankle": -22, "shoulder": 90, "elbow": 110}}
    ]
  },
  "standing-hamstring-stretch": {
    "props": {"chair": 34},
    "feel": ["right-thigh", "left-thigh"],
    "poses": [
      {"step": [1, 2], "on": ["right-hand", "left-hand", "left-foot", "right-foot"], "at": 34, "trunk": 80, "left": {"hip": 17, "ankle": 7, "shoulder": 36, "elbow": 4}, "right": {"hip": 17, "ankle": 7, "shoulder": 36, "elbow": 4}},
      {"step": 3, "hold": 0.5, "move": 2, "trunk": 50, "left": {"hip": 57, "ankle": 17, "shoulder": 92, "elbow": 0}, "right": {"hip": 57, "ankle": 17, "shoulder": 92, "elbow": 0}},
      {"step": 5, "hold": 1, "move": 2, "trunk": 15, "left": {"hip": 81, "ankle": 7, "shoulder": 154, "elbow": 0}, "right": {"hip": 81, "ankle": 7, "shoulder": 154, "elbow": 0}}
    ]
  },
  "core-stabilization": {
    "view": "side",
    "turn": 30,
    "tilt": 35,
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
      {"step": 1, "on": ["pelvis", "right-toe", "left-toe", "right-knee", "left-knee", "right-elbow", "left-elbow", "right-hand", "left-hand"], "trunk": 18, "left": {"hip": -18, "knee": 15, "ankle": 24, "shoulder": 18, "elbow": 144}, "right": {"hip": -18, "knee": 15, "ankle": 24, "shoulder": 18, "elbow": 144}},
      {"step": 3, "hold": 2, "move": 1.5, "on": ["right-toe", "left-toe", "right-forearm", "left-forearm"], "trunk": 12, "left": {"hip": 0, "knee": 0, "ankle": 99, "shoulder": 78, "elbow": 90}, "right": {"hip": 0, "knee": 0, "ankle": 99, "shoulder": 78, "elbow": 90}},
      {"step": 5, "move": 1.5, "on": ["pelvis", "right-toe", "left-toe", "right-knee", "left-knee", "right-elbow", "left-elbow", "right-hand", "left-hand"], "trunk": 18, "left": {"hip": -18, "knee": 15, "ankle": 24, "shoulder": 18, "elbow": 144}, "right": {"hip": -18, "knee": 15, "ankle": 24, "shoulder": 18, "elbow": 144}}
    ],
    "easier": {
      "poses": [
        {"on": ["pelvis", "right-toe", "left-toe", "right-knee", "left-knee", "right-elbow", "left-elbow", "right-hand", "left-hand"], "trunk": 18, "left": {"hip": -18, "knee": 15, "ankle": 24, "shoulder": 18, "elbow": 144}, "right": {"hip": -18, "knee": 15, "ankle": 24, "shoulder": 18, "elbow": 144}},
        {"hold": 2, "move": 1.5, "on": ["right-knee", "left-knee", "right-toe", "left-toe", "right-forearm", "left-forearm"], "trunk": 18, "left": {"hip": 0, "knee": 18, "ankle": 90, "shoulder": 73, "elbow": 90}, "right": {"hip": 0, "knee": 18, "ankle": 90, "shoulder": 73, "elbow": 90}},
        {"move": 1.5, "on": ["pelvis", "right-toe", "left-toe", "right-knee", "left-knee", "right-elbow", "left-elbow", "right-hand", "left-hand"], "trunk": 18, "left": {"hip": -18, "knee": 15, "ankle": 24, "shoulder": 18, "elbow": 144}, "right": {"hip": -18, "knee": 15, "ankle": 24, "shoulder": 18, "elbow": 144}}
      ]
    }
  },
  "side-plank": {
    "ground": "mat",
    "feel": ["waist"],
    "poses": [
      {"step": [1, 2, 3], "on": ["left-hip", "left-heel", "left-forearm"], "trunk": 10, "side": 46, "roll": 90, "left": {"hip_out": -10, "elbow": 90, "shoulder_out": 34, "shoulder_turn": 90}, "right": {"hip_out": 10, "elbow": 90, "shoulder_out": 40, "shoulder_turn": -90}},
      {"step": 4, "hold": 2, "move": 2, "on": ["left-heel", "left-forearm"], "trunk": 15, "side": 0, "left": {"hip_out": 0, "shoulder_out": 75}, "right": {"hip_out": 0}},
      {"step": 5, "move": 2, "on": ["left-hip", "left-heel", "left-forearm"], "trunk": 10, "side": 46, "left": {"hip_out": -10, "shoulder_out": 34}, "right": {"hip_out": 10}}
    ]
  },
  "lunge": {
    "feel": ["right-thigh"],
    "poses": [
      {"step": 1, "on": ["left-foot", "right-foot"], "at": -4, "left": {"shoulder": 5, "elbow": 5}, "right": {"shoulder": 5, "elbow": 5}},
      {"step": 2, "move": 1.2, "on": ["left-toe", "right-foot"], "at": 4, "left": {"hip": -25, "knee": 24, "ankle": -1}, "right": {"hip": 25, "ankle": 25}},
      {"step": 3, "hold": 0.8, "move": 2, "on": ["left-toe", "right-foot"], "left": {"hip": -5, "knee": 95, "ankle": 28}, "right": {"hip": 85, "knee": 90, "ankle": -5}},
      {"step": 5, "move": 1.5, "on": ["left-toe", "right-foot"], "left": {"hip": -25, "knee": 24, "ankle": -1}, "right": {"hip": 25, "knee": 0, "ankle": 25}}
    ]
  },
  "weighted-lunge": {
    "props": {"weights": true},
    "feel": ["right-thigh"],
    "poses": [
      {"step": [1, 2], "on": ["left-foot", "right-foot"], "at": -4, "left": {"shoulder": 5, "elbow": 5}, "right": {"shoulder": 5, "elbow": 5}},
      {"step": 3, "move": 1.2, "on": ["left-toe", "right-foot"], "at": 4, "left": {"hip": -25, "knee": 24, "ankle": -1}, "right": {"hip": 25, "ankle": 25}},
      {"step": 4, "hold": 0.8, "move": 2, "on": ["left-toe", "right-foot"], "left": {"hip": -5, "knee": 95, "ankle": 28}, "right": {"hip": 85, "knee": 90, "ankle": -5}},
      {"step": 5, "move": 1.5, "on": ["left-toe", "right-foot"], "left": {"hip": -25, "knee": 24, "ankle": -1}, "right": {"hip": 25, "knee": 0, "ankle": 25}}
    ]
  },
  "squat": {
    "feel": ["right-thigh"],
    "poses": [
      {"step": 1, "on": ["left-foot", "right-foot"], "left": {"shoulder": 5, "elbow": 0}, "right": {"shoulder": 5, "elbow": 0}},
      {"step": 2, "move": 1, "left": {"shoulder": 90, "elbow": 0}, "right": {"shoulder": 90, "elbow": 0}},
      {"step": [3, 4], "hold": 0.8, "move": 2.2, "trunk": 60, "left": {"hip": 105, "knee": 100, "ankle": -25, "shoulder": 125}, "right": {"hip": 105, "knee": 100, "ankle": -25, "shoulder": 125}},
      {"step": 5, "move": 2, "trunk": 90, "left": {"hip": 0, "knee": 0, "ankle": 0, "shoulder": 90}, "right": {"hip": 0, "knee": 0, "ankle": 0, "shoulder": 90}}
    ]
  },
  "single-leg-bridge": {
    "ground": "mat",
    "feel": ["left-buttock", "right-buttock"],
    "poses": [
      {"step": 1, "on": ["left-foot", "right-foot", "trunk"], "at": 30, "trunk": 180, "head": 25, "left": {"hip": 50, "knee": 100, "ankle": 40, "shoulder": 5, "elbow": 0}, "right": {"hip": 50, "knee": 100, "ankle": 40, "shoulder": 5, "elbow": 0}},
      {"step": 2, "on": ["left-foot", "trunk"], "right": {"hip": 50, "knee": 0, "ankle": 10}},
      {"step": [3, 4], "hold": 1.5, "move": 1.5, "on": ["left-foot", "shoulders"], "trunk": 197, "back": 5, "head": 40, "left": {"hip": 0, "knee": 55, "ankle": 52, "shoulder": -11}, "right": {"hip": 0, "knee": 0, "shoulder": -11}},
      {"step": 5, "move": 2, "on": ["left-foot", "trunk"], "trunk": 180, "back": 0, "head": 25, "left": {"hip": 50, "knee": 100, "ankle": 40, "shoulder": 5, "elbow": 0}, "right": {"hip": 50, "knee": 0, "ankle": 10, "shoulder": 5, "elbow": 0}}
    ]
  },
  "calf-raise": {
    "props": {"step": [0, 30, 18]},
    "feel": ["right-calf"],
    "poses": [
      {"step": [1, 2], "on": ["right-toe"], "at": 4, "trunk": 92, "left": {"hip": 10, "knee": 75, "shoulder": 5, "elbow": 0}, "right": {"hip": 5, "ankle": -25, "shoulder": 5, "elbow": 0}},
      {"step": 3, "hold": 0.8, "move": 1.5, "right": {"ankle": 30}},
      {"step": 4, "move": 1.8, "right": {"ankle": -25}}
    ]
  }
}
"""
)

# slug -> the corrected figure, as in fixtures/exercises.json when this migration was written.
CORRECTED = json.loads(
    """
{
  "straight-leg-raise": {
    "ground": "bed",
    "feel": ["right-thigh", "right-calf"],
    "poses": [
      {"step": 1, "on": ["trunk", "right-heel", "left-foot"], "trunk": 180, "head": 25, "left": {"hip": 50, "knee": 100, "ankle": 40, "shoulder": 5, "elbow": 0}, "right": {"hip": 0, "knee": 0, "ankle": 0, "shoulder": 5, "elbow": 0}},
      {"step": 3, "move": 1.5, "on": ["trunk", "left-foot"], "right": {"hip": 70}},
      {"step": 4, "on": ["trunk", "left-foot"], "left": {"shoulder": 28, "elbow": 0}, "right": {"hip": 80, "shoulder": 28, "elbow": 0}},
      {"step": 5, "on": ["trunk", "right-heel", "left-foot"], "left": {"shoulder": 5, "elbow": 0}, "right": {"hip": 0, "shoulder": 5, "elbow": 0}}
    ]
  },
  "lower-back-rock": {
    "ground": "mat",
    "feel": ["low-back"],
    "poses": [
      {"step": 1, "on": ["right-knee", "left-knee", "right-toe", "left-toe", "right-hand", "left-hand"], "trunk": 16, "left": {"hip": 74, "knee": 90, "ankle": 90, "shoulder": 74, "elbow": 0}, "right": {"hip": 74, "knee": 90, "ankle": 90, "shoulder": 74, "elbow": 0}},
      {"step": 3, "hold": 0.5, "move": 2, "trunk": 32, "back": 20, "head": 5, "left": {"hip": 111, "knee": 143, "ankle": 90, "shoulder": 118, "elbow": 0}, "right": {"hip": 111, "knee": 143, "ankle": 90, "shoulder": 118, "elbow": 0}}
    ]
  },
  "back-extension": {
    "ground": "mat",
    "feel": ["low-back"],
    "poses": [
      {"step": 1, "on": ["pelvis", "right-knee", "right-toe", "right-elbow", "right-hand"], "trunk": 0, "head": -25, "left": {"ankle": 90, "shoulder": 180, "elbow": 0, "shoulder_out": 40}, "right": {"ankle": 90, "shoulder": 180, "elbow": 0, "shoulder_out": 40}},
      {"step": 3, "hold": 2, "move": 2.5, "trunk": 17, "back": -26, "head": -10, "left": {"hip": -17, "ankle": 90, "shoulder": 48, "elbow": 90, "shoulder_out": 0}, "right": {"hip": -17, "ankle": 90, "shoulder": 48, "elbow": 90, "shoulder_out": 0}},
      {"step": 5, "move": 2, "trunk": 0, "back": 0, "head": -25, "left": {"hip": 0, "ankle": 90, "shoulder": 180, "elbow": 0, "shoulder_out": 40}, "right": {"hip": 0, "ankle": 90, "shoulder": 180, "elbow": 0, "shoulder_out": 40}}
    ]
  },
  "calf-stretch": {
    "props": {"wall": 43},
    "feel": ["right-calf"],
    "poses": [
      {"step": 1, "on": ["right-foot", "left-foot"], "at": -4, "left": {"shoulder": 5, "elbow": 0}, "right": {"shoulder": 5, "elbow": 0}},
      {"step": [2, 3], "move": 1.5, "on": ["right-foot", "left-foot"], "touch": ["left-toe", "right-hand", "left-hand"], "at": -4, "trunk": 84, "left": {"hip": 28, "knee": 0, "ankle": 22, "shoulder": 85, "elbow": 81}, "right": {"hip": -16, "ankle": -22, "shoulder": 85, "elbow": 81}},
      {"step": [4, 5], "hold": 2.5, "move": 2, "touch": ["left-toe", "right-hand", "left-hand"], "trunk": 70, "left": {"hip": 60, "knee": 50, "ankle": -13, "shoulder": 76, "elbow": 144}, "right": {"hip": -10, "ankle": -30, "shoulder": 76, "elbow": 144, "knee": 0}, "head": 0}
    ]
  },
  "standing-hamstring-stretch": {
    "props": {"chair": 34},
    "feel": ["right-thigh", "left-thigh"],
    "poses": [
      {"step": 1, "on": ["right-hand", "left-hand", "left-foot", "right-foot"], "at": 34, "trunk": 80, "left": {"hip": 17, "ankle": 7, "shoulder": 36, "elbow": 4}, "right": {"hip": 17, "ankle": 7, "shoulder": 36, "elbow": 4}},
      {"step": 2, "move": 1.5, "on": ["left-foot", "right-foot", "right-hand", "left-hand"], "at": -10, "trunk": 60, "left": {"hip": 22, "ankle": -6, "shoulder": 70, "elbow": 0}, "right": {"hip": 22, "ankle": -6, "shoulder": 70, "elbow": 0}},
      {"step": 3, "hold": 0.5, "move": 2, "trunk": 40, "left": {"hip": 58, "ankle": 6, "shoulder": 94, "elbow": 24}, "right": {"hip": 58, "ankle": 6, "shoulder": 94, "elbow": 24}},
      {"step": 5, "hold": 1, "move": 2, "trunk": 15, "left": {"hip": 97, "ankle": 20, "shoulder": 144, "elbow": 33}, "right": {"hip": 97, "ankle": 20, "shoulder": 144, "elbow": 33}}
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
  },
  "side-plank": {
    "ground": "mat",
    "feel": ["waist"],
    "poses": [
      {"step": [1, 2, 3], "on": ["left-hip", "left-heel", "left-forearm"], "trunk": 10, "side": 46, "roll": 90, "left": {"hip_out": -10, "elbow": 90, "shoulder_out": 34, "shoulder_turn": 90}, "right": {"hip_out": 10, "elbow": 90, "shoulder_out": 40, "shoulder_turn": -90}},
      {"step": 4, "hold": 2, "move": 2, "on": ["left-heel", "left-forearm"], "trunk": 15, "side": 0, "left": {"hip_out": 0, "shoulder_out": 70, "shoulder": 4, "elbow": 95, "shoulder_turn": 90}, "right": {"hip_out": 0}},
      {"step": 5, "move": 2, "on": ["left-hip", "left-heel", "left-forearm"], "trunk": 10, "side": 46, "left": {"hip_out": -10, "shoulder_out": 34, "shoulder": 0, "elbow": 90, "shoulder_turn": 90}, "right": {"hip_out": 10}}
    ]
  },
  "lunge": {
    "feel": ["right-thigh"],
    "poses": [
      {"step": 1, "on": ["left-foot", "right-foot"], "at": -4, "left": {"shoulder": 5, "elbow": 5}, "right": {"shoulder": 5, "elbow": 5}},
      {"step": 2, "move": 1.2, "on": ["left-toe", "right-foot"], "at": 4, "left": {"hip": -33, "knee": 18, "ankle": 5}, "right": {"hip": 33, "ankle": 25, "knee": 8}},
      {"step": 3, "hold": 0.8, "move": 2, "on": ["left-toe", "right-foot"], "left": {"hip": -5, "knee": 96, "ankle": 15}, "right": {"hip": 85, "knee": 90, "ankle": -1}},
      {"step": 5, "move": 1.5, "on": ["left-toe", "right-foot"], "left": {"hip": -33, "knee": 18, "ankle": 5}, "right": {"hip": 33, "ankle": 25, "knee": 8}}
    ]
  },
  "weighted-lunge": {
    "props": {"weights": true},
    "feel": ["right-thigh"],
    "poses": [
      {"step": [1, 2], "on": ["left-foot", "right-foot"], "at": -4, "left": {"shoulder": 5, "elbow": 5}, "right": {"shoulder": 5, "elbow": 5}},
      {"step": 3, "move": 1.2, "on": ["left-toe", "right-foot"], "at": 4, "left": {"hip": -33, "knee": 18, "ankle": 5}, "right": {"hip": 33, "ankle": 25, "knee": 8}},
      {"step": 4, "hold": 0.8, "move": 2, "on": ["left-toe", "right-foot"], "left": {"hip": -5, "knee": 96, "ankle": 15}, "right": {"hip": 85, "knee": 90, "ankle": -1}},
      {"step": 5, "move": 1.5, "on": ["left-toe", "right-foot"], "left": {"hip": -33, "knee": 18, "ankle": 5}, "right": {"hip": 33, "ankle": 25, "knee": 8}}
    ]
  },
  "squat": {
    "feel": ["right-thigh"],
    "poses": [
      {"step": 1, "on": ["left-foot", "right-foot"], "left": {"shoulder": 5, "elbow": 0}, "right": {"shoulder": 5, "elbow": 0}},
      {"step": 2, "move": 1, "left": {"shoulder": 90, "elbow": 0}, "right": {"shoulder": 90, "elbow": 0}},
      {"step": 3, "hold": 0.5, "move": 1.8, "trunk": 72, "left": {"hip": 48, "knee": 48, "ankle": -18, "shoulder": 108}, "right": {"hip": 48, "knee": 48, "ankle": -18, "shoulder": 108}},
      {"step": 4, "hold": 0.8, "move": 1.5, "trunk": 60, "left": {"hip": 105, "knee": 100, "ankle": -25, "shoulder": 125}, "right": {"hip": 105, "knee": 100, "ankle": -25, "shoulder": 125}},
      {"step": 5, "move": 2, "trunk": 90, "left": {"hip": 0, "knee": 0, "ankle": 0, "shoulder": 90}, "right": {"hip": 0, "knee": 0, "ankle": 0, "shoulder": 90}}
    ],
    "easier": {
      "poses": [
        {"step": 1, "on": ["left-foot", "right-foot"], "left": {"shoulder": 5, "elbow": 0}, "right": {"shoulder": 5, "elbow": 0}},
        {"step": 2, "move": 1, "left": {"shoulder": 90, "elbow": 0}, "right": {"shoulder": 90, "elbow": 0}},
        {"step": [3, 4], "hold": 0.8, "move": 1.8, "trunk": 72, "left": {"hip": 48, "knee": 48, "ankle": -18, "shoulder": 108}, "right": {"hip": 48, "knee": 48, "ankle": -18, "shoulder": 108}},
        {"step": 5, "move": 1.8, "trunk": 90, "left": {"hip": 0, "knee": 0, "ankle": 0, "shoulder": 90}, "right": {"hip": 0, "knee": 0, "ankle": 0, "shoulder": 90}}
      ]
    }
  },
  "single-leg-bridge": {
    "ground": "mat",
    "feel": ["left-buttock", "right-buttock"],
    "poses": [
      {"step": 1, "on": ["left-foot", "right-foot", "trunk"], "at": 30, "trunk": 180, "head": 25, "left": {"hip": 50, "knee": 100, "ankle": 40, "shoulder": 5, "elbow": 0}, "right": {"hip": 50, "knee": 100, "ankle": 40, "shoulder": 5, "elbow": 0}},
      {"step": 2, "on": ["left-foot", "trunk"], "right": {"hip": 50, "knee": 0, "ankle": 10}},
      {"step": [3, 4], "hold": 1.5, "move": 1.5, "on": ["left-foot", "shoulders"], "trunk": 206, "back": 10, "head": 40, "left": {"hip": 0, "knee": 92, "ankle": 25, "shoulder": -17}, "right": {"hip": 0, "knee": 0, "shoulder": -17}},
      {"step": 5, "move": 2, "on": ["left-foot", "trunk"], "trunk": 180, "back": 0, "head": 25, "left": {"hip": 50, "knee": 100, "ankle": 40, "shoulder": 5, "elbow": 0}, "right": {"hip": 50, "knee": 0, "ankle": 10, "shoulder": 5, "elbow": 0}}
    ]
  },
  "calf-raise": {
    "props": {"step": [0, 30, 18], "wall": 40},
    "feel": ["right-calf"],
    "poses": [
      {"step": [1, 2], "on": ["right-toe"], "touch": ["right-hand"], "at": 6, "trunk": 85, "left": {"hip": 10, "knee": 75, "shoulder": 5, "elbow": 0}, "right": {"hip": 0, "ankle": -25, "shoulder": 65, "elbow": 20}},
      {"step": 3, "hold": 0.8, "move": 1.5, "right": {"ankle": 35}},
      {"step": 4, "move": 1.8, "right": {"ankle": -25}}
    ]
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
        ("exercises", "0007_figures"),
    ]

    operations = [
        migrations.RunPython(correct, undo),
    ]
