"""Figures of the exercises: pose numbers in, SVG text out.

An exercise's figure is a few key poses written as joint angles, the way a physiotherapist
measures them from standing. This module builds a small stick skeleton in 3D from those angles,
sets it on its support (mat, bed, floor, step, chair, wall or water), and draws it seen from the
side (or from the foot end, where that shows the movement better). The drawing moves between the
key poses with SMIL, so it needs no script, and pauses where a pose is held; the same numbers give
the still first pose for a library card and the key poses side by side, numbered like the steps.

Everything is plain data and plain functions: no database, no request, no clock.

The figure, as stored with the exercise (angles in degrees, lengths in units of a figure 100
units tall, standing; x grows to the right of the picture):

    view    "side" (default) or "end": seen from the foot end, from above.
    ground  "floor" (default), "mat", "bed" or "water".
    props   any of {"wall": x}, {"step": [x, width, height]}, {"chair": x} (the back of a chair,
            its seat behind it), {"weights": true} (a weight in each hand).
    feel    body parts drawn in the highlight colour: where the stretch or the work is felt.
            "low-back", "waist", "trunk", or "left-"/"right-" with "thigh", "calf" or "buttock".
    poses   the key poses, in order. Each pose repeats the one before it except where it says
            otherwise, so a pose lists only what changes.
    both_sides  true when the poses show both sides (the bird dog): the page then does not say
            that the figure shows one side only.
    easier  optional: the program's easier form, {"poses": [...]} with the same settings.

A pose:

    step    the number of the written step it shows, or a list of them.
    hold    how many seconds the drawing rests on the pose (0: a short beat, then move on).
    move    how many seconds the movement into this pose takes.
    on      the points resting on a support: "pelvis", "shoulders", "trunk" (both), or
            "left-"/"right-" with "heel", "toe", "foot" (heel and toe), "knee", "shin" (knee
            and heel), "hip", "hand", "elbow" or "forearm" (elbow and hand). A point resting
            in the pose before too stays planted where it was (the first such point in this
            list), so a foot or hand on the floor never slides; the rest of the body moves
            around it. On the way between the two poses, every point resting at the same place
            in both stays there too: the limbs' joints are turned a little to keep it.
    touch   points against the wall, from the same names.
    at      where the first point of "on" sits, across the picture; with nothing "on", the
            pelvis's place as [across, up]. Needed in the first pose, and in a pose that
            steps somewhere new (a pose that gives it is placed by it, not by a planted point).
    trunk   the angle of the lower back to the floor: 90 standing, 180 lying with the head to
            the left, 0 lying with the head to the right.
    back    how far the upper back bends forward from the lower back (negative: arches back).
    side    how far the upper back bends sideways, towards the right (negative: the left).
    head    how far the head nods forward (negative: looks up).
    roll    how far the body rolls onto its side (90: lying on the left side, facing you).
    twist   how far the pelvis and legs roll away from the chest (the knee rock).
    left, right
            each limb's joints: "hip" and "shoulder" (forward from hanging down, negative
            backwards), "knee" and "elbow" (bent from straight), "ankle" (toes pointed from a
            right angle; negative pulled up), "hip_out" and "shoulder_out" (out to the side),
            "hip_turn" and "shoulder_turn" (turned outwards).
"""

import base64
import hashlib
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from pathlib import Path

Vec = tuple[float, float, float]

# Changes with this file, so that drawings cached by an older renderer are never shown.
VERSION = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:8]

# Half the width of a limb's line. A joint rests on a surface when its centre is this far above
# it, so the line's edge touches the surface as it does in the drawing.
R = 3.5
HEAD_R = 6.5
LENGTHS = {
    "pelvis": 13.0,
    "chest": 19.0,
    "neck": 4.0,
    "thigh": 24.0,
    "shin": 24.0,
    "foot": 8.0,
    "upper_arm": 17.0,
    "forearm": 16.0,
}
HIP_HALF = 3.0
SHOULDER_HALF = 7.0
TOLERANCE = 1.0  # how far a resting point may be from its support, in units
SCALE = 2  # SVG units per figure unit: whole numbers in the SVG are then half a unit apart
MAX_STEP = 30.0  # the largest joint change between two drawn frames, in degrees

LIMB_RANGES = {
    "hip": (-45, 150),
    "knee": (0, 165),
    "ankle": (-40, 100),
    "shoulder": (-100, 200),
    "elbow": (0, 165),
    "hip_out": (-30, 90),
    "hip_turn": (-90, 90),
    "shoulder_out": (-30, 180),
    "shoulder_turn": (-100, 100),
}
BODY_RANGES = {
    "trunk": (-200, 380),
    "back": (-60, 90),
    "side": (-60, 60),
    "head": (-60, 70),
    "roll": (-180, 180),
    "twist": (-60, 60),
}
TIME_RANGES = {"hold": (0, 10), "move": (0.3, 10)}
SIDES = ("left", "right")
POINTS = ("heel", "toe", "foot", "knee", "shin", "hip", "hand", "elbow", "forearm")
COMPOSITE = {"foot": ("heel", "toe"), "shin": ("knee", "heel"), "forearm": ("elbow", "hand")}
BODY_POINTS = {"pelvis": ("pelvis",), "shoulders": ("neck",), "trunk": ("pelvis", "neck")}
POSE_KEYS = {"step", "hold", "move", "on", "touch", "at", *BODY_RANGES, *SIDES}
FIGURE_KEYS = {"view", "ground", "props", "feel", "poses", "easier", "turn", "tilt", "both_sides"}
GROUNDS = ("floor", "mat", "bed", "water")
VIEWS = {"side": (0.0, 0.0), "end": (90.0, 40.0)}
FEEL_PARTS = {"thigh": ("hip", "knee"), "calf": ("knee", "heel"), "buttock": ("hip", "seat")}
FEEL_BODY = {
    "low-back": ("pelvis", "waist"),
    "waist": ("pelvis", "waist"),
    "trunk": ("pelvis", "waist", "neck"),
}
CHAIR = {"seat": 26.0, "back": 50.0, "depth": 24.0}

DEFAULT_POSE = {
    "step": None,
    "hold": 0,
    "move": 1.2,
    "on": [],
    "touch": [],
    "at": 0,
    "at_given": False,
    **dict.fromkeys(BODY_RANGES, 0),
    "trunk": 90,
    "left": dict.fromkeys(LIMB_RANGES, 0),
    "right": dict.fromkeys(LIMB_RANGES, 0),
}


class FigureError(ValueError):
    """Pose data that cannot be drawn, with every problem found, in words."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


# Small vector arithmetic: the skeleton has a few dozen points.


def _add(a: Vec, b: Vec) -> Vec:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


def _mul(a: Vec, k: float) -> Vec:
    return (a[0] * k, a[1] * k, a[2] * k)


def _dot(a: Vec, b: Vec) -> float:
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


def _cross(a: Vec, b: Vec) -> Vec:
    return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])


def distance(a: Vec, b: Vec) -> float:
    return math.dist(a, b)


def _turn(a: Vec, b: Vec, degrees: float) -> tuple[Vec, Vec]:
    """Turn a pair of unit vectors at right angles by `degrees`, from a towards b."""
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    return _add(_mul(a, c), _mul(b, s)), _add(_mul(b, c), _mul(a, -s))


# Reading and checking the data.


def resolve(poses: list[dict]) -> list[dict]:
    """Every pose in full: each repeats the one before it except where it says otherwise."""
    resolved, current = [], DEFAULT_POSE
    for pose in poses:
        current = {
            **current,
            "step": None,
            "hold": 0,
            "move": DEFAULT_POSE["move"],
            **{k: v for k, v in pose.items() if k not in SIDES},
            **{side: {**current[side], **pose.get(side, {})} for side in SIDES},
            # Whether this pose says where it is, or stays on what it rested on before.
            "at_given": "at" in pose,
        }
        resolved.append(current)
    return resolved


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _check_range(where: str, name: str, value, low: float, high: float, unit: str) -> list[str]:
    if not _number(value):
        return [f"{where}: {name} must be a number, not {json.dumps(value)}."]
    if not low <= value <= high:
        return [f"{where}: {name} {value:g} is outside {low:g} to {high:g} {unit}."]
    return []


def _point_names() -> set[str]:
    return set(BODY_POINTS) | {f"{side}-{point}" for side in SIDES for point in POINTS}


def _check_pose_data(where: str, pose) -> list[str]:
    if not isinstance(pose, dict):
        return [f"{where} must be a set of named numbers in {{ }}."]
    problems = []
    for key in pose:
        if key not in POSE_KEYS:
            problems.append(
                f"{where}: “{key}” is not a pose setting (use {', '.join(sorted(POSE_KEYS))})."
            )
    for key, (low, high) in BODY_RANGES.items():
        if key in pose:
            problems += _check_range(where, key, pose[key], low, high, "degrees")
    for key, (low, high) in TIME_RANGES.items():
        if key in pose:
            problems += _check_range(where, key, pose[key], low, high, "seconds")
    steps = pose.get("step")
    for step in steps if isinstance(steps, list) else [] if steps is None else [steps]:
        problems += _check_range(where, "step", step, 1, 30, "")
    for side in SIDES:
        if side not in pose:
            continue
        if not isinstance(pose[side], dict):
            problems.append(f"{where}: {side} must list joints in {{ }}.")
            continue
        for joint, value in pose[side].items():
            if joint not in LIMB_RANGES:
                problems.append(
                    f"{where}: “{joint}” is not a joint (use {', '.join(LIMB_RANGES)})."
                )
            else:
                low, high = LIMB_RANGES[joint]
                problems += _check_range(where, f"{side} {joint}", value, low, high, "degrees")
    for key in ("on", "touch"):
        names = pose.get(key, [])
        if not isinstance(names, list):
            problems.append(f"{where}: {key} must be a list of points in [ ].")
            continue
        for name in names:
            if name not in _point_names():
                problems.append(f"{where}: {key} names “{name}”, which is not a point.")
    if "at" in pose:
        at = pose["at"]
        if not (_number(at) or (isinstance(at, list) and len(at) == 2 and all(map(_number, at)))):
            problems.append(f"{where}: at must be a number, or [across, up].")
    return problems


def _check_settings(figure: dict, where: str) -> list[str]:
    problems = []
    view = figure.get("view", "side")
    if view not in VIEWS:
        problems.append(f"{where}view must be one of {', '.join(VIEWS)}.")
    for key in ("turn", "tilt"):
        if key in figure:
            problems += _check_range(f"{where}view", key, figure[key], -180, 180, "degrees")
    if figure.get("ground", "floor") not in GROUNDS:
        problems.append(f"{where}ground must be one of {', '.join(GROUNDS)}.")
    props = figure.get("props", {})
    if not isinstance(props, dict):
        return [*problems, f"{where}props must be written in {{ }}."]
    for name, value in props.items():
        if name == "wall" or name == "chair":
            if not _number(value):
                problems.append(f"{where}props: {name} is a number, where it stands across.")
        elif name == "step":
            if not (isinstance(value, list) and len(value) == 3 and all(map(_number, value))):
                problems.append(f"{where}props: step is [across, width, height].")
            elif value[1] <= 0 or value[2] <= 0:
                problems.append(f"{where}props: a step's width and height are above 0.")
        elif name == "weights":
            if not isinstance(value, bool):
                problems.append(f"{where}props: weights is true or false.")
        else:
            problems.append(f"{where}props: “{name}” is not a prop (wall, step, chair, weights).")
    if not isinstance(figure.get("both_sides", False), bool):
        problems.append(f"{where}both_sides is true or false.")
    feel = figure.get("feel", [])
    if not isinstance(feel, list) or not all(isinstance(part, str) for part in feel):
        problems.append(f"{where}feel must be a list of body parts in [ ].")
    else:
        parts = set(FEEL_BODY) | {f"{side}-{part}" for side in SIDES for part in FEEL_PARTS}
        for part in feel:
            if part not in parts:
                problems.append(f"{where}feel: “{part}” is not a body part the figure can show.")
    return problems


def check(figure) -> list[str]:
    """Every problem with a figure's data, in words for the person editing it; [] if none."""
    if not isinstance(figure, dict):
        return ["The figure must be written in { }, with its poses in a list."]
    problems = [f"“{key}” is not a figure setting." for key in figure if key not in FIGURE_KEYS]
    problems += _check_settings(figure, "")
    settings_ok = not problems
    for part, label in (("main", ""), ("easier", "Easier form, ")):
        data = figure if part == "main" else figure.get("easier")
        if data is None:
            continue
        if not isinstance(data, dict):
            problems.append("The easier form must be written in { }, with its poses.")
            continue
        part_ok = settings_ok
        if part == "easier":
            extra = [
                f"Easier form: “{key}” is not a setting."
                for key in data
                if key not in FIGURE_KEYS - {"easier"}
            ]
            extra += _check_settings(data, "Easier form, ")
            problems += extra
            part_ok = part_ok and not extra
        poses = data.get("poses")
        if not isinstance(poses, list) or len(poses) < 2:
            problems.append(
                _sentence(f"{label}poses: a figure needs at least two key poses in [ ].")
            )
            continue
        shape = []
        for index, pose in enumerate(poses, 1):
            shape += _check_pose_data(_sentence(f"{label}pose {index}"), pose)
        problems += shape
        # The drawing can only be checked once every number in it can be read.
        if part_ok and not shape:
            problems += _check_geometry(settings_for(figure, part), label)
    return problems


def validate(figure) -> None:
    if problems := check(figure):
        raise FigureError(problems)


# The skeleton.


@dataclass(frozen=True)
class Settings:
    """A figure's settings with its poses resolved: what drawing needs."""

    view: str
    turn: float
    tilt: float
    ground: str
    props: dict
    feel: tuple[str, ...]
    poses: tuple[dict, ...]


def settings_for(figure: dict, part: str = "main") -> Settings:
    """A figure's settings, with the poses of its main or its easier form resolved."""
    data = figure if part == "main" else {**figure, **figure["easier"]}
    view = data.get("view", "side")
    turn, tilt = VIEWS[view]
    return Settings(
        view=view,
        turn=data.get("turn", turn),
        tilt=data.get("tilt", tilt),
        ground=data.get("ground", "floor"),
        props=data.get("props", {}),
        feel=tuple(data.get("feel", [])),
        poses=tuple(resolve(data["poses"])),
    )


def joints(pose: dict) -> dict[str, Vec]:
    """Every joint of the skeleton for one resolved pose, the pelvis at the origin.

    x is across the picture, y up, z towards the viewer of the side view. A person standing
    faces +x, so the side view sees their right side."""
    t = math.radians(pose["trunk"])
    up, front, right = (math.cos(t), math.sin(t), 0.0), (math.sin(t), -math.cos(t), 0.0), (0, 0, 1)
    front, right = _turn(front, right, pose["roll"])
    pelvis_front, pelvis_right = _turn(front, right, pose["twist"])
    chest_up, chest_right = _turn(up, right, pose["side"])
    chest_up, chest_front = _turn(chest_up, front, pose["back"])
    origin = (0.0, 0.0, 0.0)
    waist = _mul(up, LENGTHS["pelvis"])
    neck = _add(waist, _mul(chest_up, LENGTHS["chest"]))
    head_dir, _ = _turn(chest_up, chest_front, pose["head"])
    points = {
        "pelvis": origin,
        "waist": waist,
        "neck": neck,
        "head": _add(neck, _mul(head_dir, LENGTHS["neck"] + HEAD_R)),
    }
    for side, sign in (("left", -1), ("right", 1)):
        angles = pose[side]
        # A leg hangs from its hip in the pelvis's frame; an arm from its shoulder in the chest's.
        hip = _mul(pelvis_right, sign * HIP_HALF)
        down, fore = _turn(_mul(up, -1), pelvis_front, angles["hip"])
        down, out = _turn(down, _mul(pelvis_right, sign), angles["hip_out"])
        fore, out = _turn(fore, out, angles["hip_turn"])
        knee = _add(hip, _mul(down, LENGTHS["thigh"]))
        shin, shin_front = _turn(down, fore, -angles["knee"])
        heel = _add(knee, _mul(shin, LENGTHS["shin"]))
        foot, _ = _turn(shin_front, shin, angles["ankle"])
        points |= {
            f"{side}-hip": hip,
            # The buttock's highlight covers the top of the thigh, where the muscle is.
            f"{side}-seat": _add(hip, _mul(down, LENGTHS["thigh"] * 0.4)),
            f"{side}-knee": knee,
            f"{side}-heel": heel,
            f"{side}-toe": _add(heel, _mul(foot, LENGTHS["foot"])),
        }
        shoulder = _add(neck, _mul(chest_right, sign * SHOULDER_HALF))
        down, fore = _turn(_mul(chest_up, -1), chest_front, angles["shoulder"])
        down, out = _turn(down, _mul(chest_right, sign), angles["shoulder_out"])
        fore, out = _turn(fore, out, angles["shoulder_turn"])
        elbow = _add(shoulder, _mul(down, LENGTHS["upper_arm"]))
        forearm, _ = _turn(down, fore, angles["elbow"])
        points |= {
            f"{side}-shoulder": shoulder,
            f"{side}-elbow": elbow,
            f"{side}-hand": _add(elbow, _mul(forearm, LENGTHS["forearm"])),
        }
    return points


SEGMENTS = {
    "pelvis": ("pelvis", "waist"),
    "chest": ("waist", "neck"),
    "neck": ("neck", "head"),
    **{
        f"{side}-{name}": (f"{side}-{a}", f"{side}-{b}")
        for side in SIDES
        for name, (a, b) in {
            "thigh": ("hip", "knee"),
            "shin": ("knee", "heel"),
            "foot": ("heel", "toe"),
            "upper_arm": ("shoulder", "elbow"),
            "forearm": ("elbow", "hand"),
        }.items()
    },
}


def segment_lengths(points: dict[str, Vec]) -> dict[str, float]:
    return {name: distance(points[a], points[b]) for name, (a, b) in SEGMENTS.items()}


def expected_lengths() -> dict[str, float]:
    lengths = {"pelvis": LENGTHS["pelvis"], "chest": LENGTHS["chest"]}
    lengths["neck"] = LENGTHS["neck"] + HEAD_R
    for side in SIDES:
        for name in ("thigh", "shin", "foot", "upper_arm", "forearm"):
            lengths[f"{side}-{name}"] = LENGTHS[name]
    return lengths


# Supports: what the body rests on.


def ground_level(settings: Settings) -> float | None:
    """The floor's height, or None in water, where nothing rests on a floor."""
    return None if settings.ground == "water" else 0.0


def _surface(settings: Settings, x: float, y: float | None = None) -> tuple[str, float]:
    """The surface under a point across the picture, as its name and height: the highest one,
    or, given the point's height, the highest one not above it."""
    surfaces = [(settings.ground, 0.0)]
    props = settings.props
    if "step" in props:
        left, width, height = props["step"]
        if left - R <= x <= left + width + R:
            surfaces.append(("step", height))
    if "chair" in props:
        back = props["chair"]
        if abs(x - back) <= R + 1:
            surfaces.append(("chair", CHAIR["back"]))
        elif back < x <= back + CHAIR["depth"]:
            surfaces.append(("chair", CHAIR["seat"]))
    if y is not None:
        surfaces = [s for s in surfaces if s[1] <= y - R + 2 * TOLERANCE] or surfaces[:1]
    return max(surfaces, key=lambda surface: surface[1])


# The pelvis and the shoulders are wide: whichever of their points is lowest is the one resting.
WIDE = {
    "pelvis": ("pelvis", "left-hip", "right-hip"),
    "neck": ("neck", "left-shoulder", "right-shoulder"),
}


def _contact_points(name: str, points: dict[str, Vec] | None = None) -> tuple[str, ...]:
    if name not in BODY_POINTS:
        side, point = name.split("-", 1)
        return tuple(f"{side}-{part}" for part in COMPOSITE.get(point, (point,)))
    parts = BODY_POINTS[name]
    if points is None:
        return parts
    return tuple(min(WIDE[part], key=lambda wide: points[wide][1]) for part in parts)


def _placed(points: dict[str, Vec], shift: Vec) -> dict[str, Vec]:
    return {name: _add(point, shift) for name, point in points.items()}


def _anchor_shift(settings: Settings, pose: dict, points: dict[str, Vec]) -> Vec:
    """Where the skeleton goes so that the pose's first resting point sits on its support."""
    at = pose["at"]
    if not pose["on"]:
        x, y = (at, 0.0) if _number(at) else at
        return (x - points["pelvis"][0], y - points["pelvis"][1], 0.0)
    anchor = points[_contact_points(pose["on"][0], points)[0]]
    x = at if _number(at) else at[0]
    _, height = _surface(settings, x)
    return (x - anchor[0], height + R - anchor[1], -0.0)


def place(settings: Settings, pose: dict) -> dict[str, Vec]:
    """The joints of one resolved pose on its own, set on its support by its `at`."""
    points = joints(pose)
    return _placed(points, _anchor_shift(settings, pose, points))


def placements(settings: Settings) -> list[dict[str, Vec]]:
    """The joints of every key pose, each set on its support.

    A pose that does not give its own `at` keeps a point that rested in the pose before where
    it was: a person lifting into a plank does not move their toes, so the drawing must not
    either. Placing each pose by `at` alone would pin a different point to the same place
    whenever the first resting point changes, and the body would slide along the floor."""
    placed: list[dict[str, Vec]] = []
    for index, pose in enumerate(settings.poses):
        points = joints(pose)
        shift = None
        if index and not pose["at_given"]:
            before = settings.poses[index - 1]
            shift = _planted_shift(settings, before, placed[-1], pose, points)
        if shift is None:
            shift = _anchor_shift(settings, pose, points)
        placed.append(_placed(points, shift))
    return placed


def _planted_shift(settings, before: dict, here: dict[str, Vec], pose: dict, points) -> Vec | None:
    """The shift that keeps the first point of `pose` that also rested in the pose `before`
    (placed as `here`) exactly where it was, on its support."""
    resting = {part for name in before["on"] for part in _contact_points(name, here)}
    for part in (part for name in pose["on"] for part in _contact_points(name, points)):
        if part in resting:
            x = here[part][0]
            _, height = _surface(settings, x)
            return (x - points[part][0], height + R - points[part][1], 0.0)
    return None


def contact_errors(settings: Settings, pose: dict, points: dict[str, Vec]) -> list[str]:
    """Each resting point that is off its support, or point off the wall, in words."""
    problems = []
    for name in pose["on"]:
        for part in _contact_points(name, points):
            x, y, _ = points[part]
            surface, height = _surface(settings, x, y)
            gap = y - R - height
            if abs(gap) > TOLERANCE:
                where = "above" if gap > 0 else "below the surface of"
                problems.append(
                    f"the {_words(part)} should rest on the {surface} but is "
                    f"{abs(gap):.1f} units {where} it"
                )
    wall = settings.props.get("wall")
    for name in pose["touch"]:
        for part in _contact_points(name):
            if wall is None:
                problems.append(f"the {_words(part)} touches a wall, but there is no wall")
                continue
            gap = wall - R - points[part][0]
            if abs(gap) > TOLERANCE:
                problems.append(f"the {_words(part)} should touch the wall but is {gap:.1f} away")
    return problems


def _words(point: str) -> str:
    return point.replace("-", " ").replace("neck", "shoulders")


def _lowest_edges(points: dict[str, Vec]) -> dict[str, float]:
    """How low each drawn part reaches: a line's edge, or the head's."""
    edges = {name: y - R for name, (_, y, _) in points.items() if name != "head"}
    edges["head"] = points["head"][1] - HEAD_R
    return edges


def floor_errors(settings: Settings, points: dict[str, Vec]) -> list[str]:
    """Parts drawn through the floor or into a step."""
    problems = []
    floor = ground_level(settings)
    if floor is not None:
        for name, edge in _lowest_edges(points).items():
            if edge < floor - TOLERANCE:
                problems.append(f"the {_words(name)} goes {floor - edge:.1f} units into the floor")
    if "step" in settings.props:
        left, width, height = settings.props["step"]
        for name, (x, y, _) in points.items():
            if left + R < x < left + width - R and 0 < y < height - TOLERANCE:
                problems.append(f"the {_words(name)} is inside the step")
    return problems


def _check_geometry(settings: Settings, label: str) -> list[str]:
    problems = []
    for index, (pose, points) in enumerate(
        zip(settings.poses, placements(settings), strict=True), 1
    ):
        for problem in contact_errors(settings, pose, points) + floor_errors(settings, points):
            problems.append(_sentence(f"{label}pose {index}: {problem}."))
    distinct = {json.dumps(_shape(pose), sort_keys=True) for pose in settings.poses}
    if len(distinct) < 2:
        problems.append(
            _sentence(f"{label}poses: the key poses are all the same, so nothing moves.")
        )
    return problems


def _shape(pose: dict) -> dict:
    """What a pose looks like, leaving out its timing and step number."""
    return {k: v for k, v in pose.items() if k not in ("step", "hold", "move", "at_given")}


# Motion: the frames between key poses.


def _angles(pose: dict) -> list[float]:
    values = [pose[key] for key in BODY_RANGES]
    for side in SIDES:
        values += [pose[side][joint] for joint in LIMB_RANGES]
    return values


def _blend(a: dict, b: dict, t: float) -> dict:
    def mix(x, y):
        return x + (y - x) * t

    pose = {key: mix(a[key], b[key]) for key in BODY_RANGES}
    for side in SIDES:
        pose[side] = {joint: mix(a[side][joint], b[side][joint]) for joint in LIMB_RANGES}
    return pose


def _ease(t: float) -> float:
    return t * t * (3 - 2 * t)


def hold_time(pose: dict) -> float:
    """How long the drawing rests on a pose: its hold, or a short beat at a turning point."""
    return pose["hold"] or 0.3


@dataclass(frozen=True)
class Frame:
    time: float  # seconds from the start of the loop
    points: dict[str, Vec]
    key: int | None  # the key pose's index, or None between key poses


def frames(settings: Settings) -> list[Frame]:
    """The loop: each key pose, held, then eased into the next, and back to the first."""
    poses = settings.poses
    placed = placements(settings)
    result, clock = [], 0.0
    for index, pose in enumerate(poses):
        result.append(Frame(clock, placed[index], index))
        clock += hold_time(pose)
        result.append(Frame(clock, placed[index], index))
        nxt = poses[(index + 1) % len(poses)]
        change = max(abs(x - y) for x, y in zip(_angles(pose), _angles(nxt), strict=True))
        steps = max(1, math.ceil(change / MAX_STEP))
        for step in range(1, steps):
            points = between(settings, placed, index, _ease(step / steps))
            result.append(Frame(clock + nxt["move"] * step / steps, points, None))
        clock += nxt["move"]
    result.append(Frame(clock, placed[0], 0))
    return result


def between(settings: Settings, placed: list[dict[str, Vec]], index: int, t: float):
    """The body a fraction `t` of the way from key pose `index` to the next (placed as
    placements() gives them): every joint turns in step, and a point resting in both poses
    at the same place stays there. Turning the joints in step alone would let a second such
    point wander: in a lunge the front foot would slide half a foot's length and back."""
    poses = settings.poses
    following = (index + 1) % len(poses)
    pose, nxt = poses[index], poses[following]
    here, there = placed[index], placed[following]
    blend = _blend(pose, nxt, t)
    planted = _planted_between(pose, nxt, here, there)
    if planted:
        anchor, *others = planted
        targets = {part: _lerp(here[part], there[part], t) for part in planted}
        blend = _keep_planted(blend, anchor, others, targets)
    points = joints(blend)
    shift = _between_shift(settings, pose, nxt, here, there, points, t)
    if shift is None:
        # joints() puts the pelvis at the origin, so where it was placed is the whole shift.
        shift = _lerp(here["pelvis"], there["pelvis"], t)
    return _above_the_floor(settings, _placed(points, shift))


def _lerp(a: Vec, b: Vec, t: float) -> Vec:
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t)


# Points that are wide (the pelvis, the shoulders) rest as a whole and are not held in place
# one by one; a point that moves between the two poses is stepping, not planted.
_NOT_HELD = {part for wide in WIDE.values() for part in wide}
PLANTED_MOVE = 1.5


def _planted_between(pose: dict, nxt: dict, here, there) -> list[str]:
    """The points resting in both poses at the same place: the one that stays exactly put
    (as _between_shift picks it) first."""
    resting = {part for name in pose["on"] for part in _contact_points(name, here)}
    both = [part for name in nxt["on"] for part in _contact_points(name, there) if part in resting]
    if not both:
        return []
    anchor, held = both[0], []
    for part in both[1:]:
        new = part not in _NOT_HELD and part not in held and part != anchor
        if new and distance(here[part], there[part]) <= PLANTED_MOVE:
            held.append(part)
    return [anchor, *held] if held else []


def _limb_joints(part: str) -> list[tuple[str, str]]:
    """The joints that move a point of a limb, from the body outwards."""
    if part in _NOT_HELD or "-" not in part:
        return []
    side, point = part.split("-", 1)
    names = ("shoulder", "elbow") if point in ("hand", "elbow") else ("hip", "knee", "ankle")
    return [(side, name) for name in names]


def _keep_planted(blend: dict, anchor: str, others: list[str], targets: dict) -> dict:
    """The blended pose, its limbs' joints turned as little as possible so that each of
    `others` sits where `targets` says, seen from `anchor` (which the placing keeps exactly
    put): a few damped least-squares steps, with the joints' changes found numerically."""
    variables = []
    for part in [anchor, *others]:
        variables += [v for v in _limb_joints(part) if v not in variables]
    if not variables:
        return blend

    def residual(pose: dict) -> list[float]:
        points = joints(pose)
        out = []
        for part in others:
            for axis in range(3):
                seen = points[part][axis] - points[anchor][axis]
                out.append(targets[part][axis] - targets[anchor][axis] - seen)
        return out

    def turned(pose: dict, changes: list[float]) -> dict:
        new = {**pose, **{side: dict(pose[side]) for side in SIDES}}
        for (side, joint), change in zip(variables, changes, strict=True):
            low, high = LIMB_RANGES[joint]
            new[side][joint] = min(high, max(low, new[side][joint] + change))
        return new

    pose, error = blend, residual(blend)
    for _ in range(8):
        if max(map(abs, error)) < 0.05:
            break
        # How far each point moves for a degree of each joint.
        columns = []
        for index in range(len(variables)):
            nudge = [0.0] * len(variables)
            nudge[index] = 1.0
            moved = residual(turned(pose, nudge))
            columns.append([e - m for e, m in zip(error, moved, strict=True)])
        # Changes = Jt (J Jt + damping)^-1 error: the smallest turn that closes the gap.
        size = len(error)
        square = [
            [
                sum(col[i] * col[j] for col in columns) + (0.01 if i == j else 0.0)
                for j in range(size)
            ]
            for i in range(size)
        ]
        weights = _solve(square, error)
        changes = [sum(col[i] * weights[i] for i in range(size)) for col in columns]
        candidate = turned(pose, changes)
        candidate_error = residual(candidate)
        if sum(e * e for e in candidate_error) >= sum(e * e for e in error):
            break
        pose, error = candidate, candidate_error
    return pose


def _solve(matrix: list[list[float]], values: list[float]) -> list[float]:
    """x with matrix · x = values, by Gaussian elimination (the matrix is small and damped)."""
    size = len(values)
    rows = [[*row, value] for row, value in zip(matrix, values, strict=True)]
    for col in range(size):
        pivot = max(range(col, size), key=lambda r: abs(rows[r][col]))
        rows[col], rows[pivot] = rows[pivot], rows[col]
        for r in range(size):
            if r != col and rows[col][col]:
                factor = rows[r][col] / rows[col][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[col], strict=True)]
    return [rows[i][size] / rows[i][i] if rows[i][i] else 0.0 for i in range(size)]


def _above_the_floor(settings: Settings, points: dict[str, Vec]) -> dict[str, Vec]:
    """Between two key poses, a limb on its way may dip below the floor: the body rises
    instead, as a real one would."""
    floor = ground_level(settings)
    if floor is None:
        return points
    lowest = min(_lowest_edges(points).values())
    return points if lowest >= floor else _placed(points, (0.0, floor - lowest, 0.0))


def _between_shift(settings, pose, nxt, here, there, points, t) -> Vec | None:
    """Between two poses, a point that rests in both stays on its support."""
    resting = {part for name in pose["on"] for part in _contact_points(name, here)}
    for part in (part for name in nxt["on"] for part in _contact_points(name, there)):
        if part in resting:
            x = here[part][0] + (there[part][0] - here[part][0]) * t
            _, height = _surface(settings, x)
            return (x - points[part][0], height + R - points[part][1], 0.0)
    return None


# Drawing.


def _camera(settings: Settings):
    turn, tilt = math.radians(settings.turn), math.radians(settings.tilt)
    toward = (math.sin(turn) * math.cos(tilt), math.sin(tilt), math.cos(turn) * math.cos(tilt))
    across = (math.cos(turn), 0.0, -math.sin(turn))
    up = _cross(toward, across)

    def project(point: Vec) -> tuple[float, float, float]:
        """Across the picture, down the picture (as SVG counts it), and nearness to the viewer."""
        return _dot(point, across), -_dot(point, up), _dot(point, toward)

    return project


TRUNK = ("left-hip", "pelvis", "right-hip", "pelvis", "waist", "neck", "left-shoulder", "neck")
TRUNK += ("right-shoulder",)
LIMBS = {"leg": ("hip", "knee", "heel", "toe"), "arm": ("shoulder", "elbow", "hand")}


@dataclass(frozen=True)
class Stroke:
    css: str  # b: body, f: the far side, h: highlighted, w: a hand weight
    joints: tuple[str, ...]


def _leg_feel(side: str, feel: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The highlighted parts of one leg, joined where they meet."""
    parts = {what for f in feel for what in [f.partition("-")[2]] if f.startswith(f"{side}-")}
    if "thigh" in parts:
        chain = ("hip", "knee", "heel") if "calf" in parts else ("hip", "knee")
        runs = [chain]
    else:
        runs = [FEEL_PARTS[part] for part in ("buttock", "calf") if part in parts]
    return [tuple(f"{side}-{name}" for name in run) for run in runs]


def _strokes(settings: Settings, frames_points: list[dict[str, Vec]]) -> list[Stroke]:
    """What is drawn, from the farthest to the nearest part, as the first frame has them."""
    project = _camera(settings)
    first = frames_points[0]
    depth = {name: project(point)[2] for name, point in first.items()}
    trunk = TRUNK
    # Seen from the side, the hips and the shoulders are each one point: no line across.
    across = ("left-hip", "right-hip", "left-shoulder", "right-shoulder")
    if all(
        math.dist(project(p[a])[:2], project(p[b])[:2]) < 0.5
        for p in frames_points
        for a, b in (across[:2], across[2:])
    ):
        trunk = ("pelvis", "waist", "neck")
    parts = [(depth["pelvis"], "trunk", "b", trunk)]
    for side in SIDES:
        for limb, names in LIMBS.items():
            root = depth[f"{side}-{names[0]}"]
            # Limbs on the far side of the body are drawn fainter, as a reader expects.
            css = "b f" if root < depth["pelvis"] - 1 else "b"
            parts.append((root, f"{side}-{limb}", css, tuple(f"{side}-{n}" for n in names)))
    parts.sort(key=lambda part: part[0])
    strokes = []
    for _, name, css, names in parts:
        strokes.append(Stroke(css, names))
        far = " f" if "f" in css.split() else ""
        side, limb = name.split("-") if "-" in name else ("", name)
        if name == "trunk":
            strokes += [Stroke("h", FEEL_BODY[feel]) for feel in settings.feel if feel in FEEL_BODY]
        elif limb == "leg":
            strokes += [Stroke("h" + far, run) for run in _leg_feel(side, settings.feel)]
        elif settings.props.get("weights"):
            strokes.append(Stroke("w" + far, (f"{side}-hand",)))
    return strokes


def _fmt(value: float) -> str:
    return str(round(value * SCALE))


def _pairs(coords: Iterable[tuple[float, float]]) -> str:
    return " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in coords)


def _stroke_coords(project, points: dict[str, Vec], stroke: Stroke) -> list[tuple[float, float]]:
    coords = [project(points[name])[:2] for name in stroke.joints]
    if stroke.css.startswith("w"):
        # A hand weight, seen end on as a disc: a line with no length and round ends.
        coords = coords[-1:] * 2
    return coords


def _box_faces(project, corner0: Vec, corner1: Vec) -> list[list[tuple[float, float]]]:
    """The faces of a box that the viewer sees, as outlines in the picture."""
    (x0, y0, z0), (x1, y1, z1) = corner0, corner1
    faces = {
        (0, 1, 0): [(x0, y1, z1), (x1, y1, z1), (x1, y1, z0), (x0, y1, z0)],
        (0, 0, 1): [(x0, y0, z1), (x1, y0, z1), (x1, y1, z1), (x0, y1, z1)],
        (1, 0, 0): [(x1, y0, z0), (x1, y0, z1), (x1, y1, z1), (x1, y1, z0)],
    }
    return [
        [project(corner)[:2] for corner in outline]
        for normal, outline in faces.items()
        if project(normal)[2] > 1e-6
    ]


@dataclass(frozen=True)
class Shape:
    css: str  # g: ground and props, c: the chair, s: the water's surface
    coords: list[tuple[float, float]]
    closed: bool = True

    def svg(self) -> str:
        if self.css == "s":
            # The water: a wavy line across.
            (left, y), (right, _) = self.coords
            waves = "".join("q6,-4 12,0t12,0" for _ in range(max(1, round((right - left) / 12))))
            return f'<path class="s" d="M{_fmt(left)},{_fmt(y)}{waves}"/>'
        end = "Z" if self.closed else ""
        return f'<path class="{self.css}" d="M{_pairs(self.coords)}{end}"/>'


def _scenery(settings: Settings, points: Iterable[dict[str, Vec]]) -> list[Shape]:
    """The ground and the props, which stand still."""
    project = _camera(settings)
    points = list(points)
    xs = [p[0] for frame in points for p in frame.values()]
    left, right = min(xs) - 7, max(xs) + 7
    props = settings.props
    if "wall" in props:
        right = max(right, props["wall"])
    if "step" in props:
        left, right = min(left, props["step"][0] - 4), max(right, sum(props["step"][:2]) + 4)
    if "chair" in props:
        right = max(right, props["chair"] + CHAIR["depth"] + 4)
    shapes, side = [], 16.0
    if settings.ground in ("bed", "mat"):
        thick = 9 if settings.ground == "bed" else 1.5
        faces = _box_faces(project, (left, -thick, -side), (right, 0, side))
        shapes += [Shape("g", face) for face in faces]
    elif settings.ground == "water":
        shapes.append(Shape("s", [project((left, 2, 0))[:2], project((right, 2, 0))[:2]]))
    else:
        shapes.append(Shape("g", [project((x, 0, 0))[:2] for x in (left, right)], closed=False))
    if "step" in props:
        x, width, height = props["step"]
        faces = _box_faces(project, (x, 0, -12), (x + width, height, 12))
        shapes += [Shape("g", face) for face in faces]
    if "wall" in props:
        # As tall as a person, and taller by a step's height when a step stands beside it.
        x, top = props["wall"], 104 + (props["step"][2] if "step" in props else 0)
        shapes.append(Shape("g", [project((x, 0, 0))[:2], project((x, top, 0))[:2]], False))
    if "chair" in props:
        x, seat, back, depth = props["chair"], CHAIR["seat"], CHAIR["back"], CHAIR["depth"]
        outline = [(x, back), (x, 0), (x, seat), (x + depth, seat), (x + depth, 0)]
        shapes.append(Shape("c", [project((a, b, 0))[:2] for a, b in outline], False))
    return shapes


Box = tuple[float, float, float, float]  # left, top, width, height, in figure units


def _box(project, frame_points: Iterable[dict[str, Vec]], shapes: list[Shape]) -> Box:
    xs, ys = [], []
    for points in frame_points:
        for name, point in points.items():
            x, y, _ = project(point)
            pad = HEAD_R if name == "head" else R
            xs += [x - pad, x + pad]
            ys += [y - pad, y + pad]
    for shape in shapes:
        xs += [x for x, _ in shape.coords]
        ys += [y - (2 if shape.css == "s" else 0) for _, y in shape.coords]
    margin = 2
    left, top = min(xs) - margin, min(ys) - margin
    return left, top, max(xs) + margin - left, max(ys) + margin - top


@dataclass(frozen=True)
class Drawing:
    """One figure ready to write out."""

    settings: Settings
    frames: list[Frame]
    strokes: list[Stroke]
    shapes: list[Shape]
    box: Box


def drawing(
    figure: dict, part: str = "main", pose: int | None = None, framed: bool = False
) -> Drawing:
    """The figure's loop of frames, or, given a key pose's index, that pose standing still:
    in a box of its own, or `framed` in the whole movement's, so that poses shown side by
    side keep one scale and one floor."""
    settings = settings_for(figure, part)
    loop = frames(settings) if pose is None or framed else []
    still = [] if pose is None else [Frame(0.0, placements(settings)[pose], pose)]
    around = [f.points for f in loop or still]
    project = _camera(settings)
    shapes = _scenery(settings, around)
    box = _box(project, around, shapes)
    return Drawing(settings, still or loop, _strokes(settings, around), shapes, box)


def _still_body(d: Drawing, points: dict[str, Vec]) -> str:
    project = _camera(d.settings)
    out = [
        f'<polyline class="{s.css}" points="{_pairs(_stroke_coords(project, points, s))}"/>'
        for s in d.strokes
    ]
    x, y, _ = project(points["head"])
    out.append(f'<circle class="d" cx="{_fmt(x)}" cy="{_fmt(y)}" r="{_fmt(HEAD_R)}"/>')
    return "".join(out)


def _moving_body(d: Drawing) -> str:
    project = _camera(d.settings)
    total = d.frames[-1].time
    times = ";".join(f"{f.time / total:.3f}".rstrip("0").rstrip(".") or "0" for f in d.frames)
    timing = f'dur="{total:.1f}s" repeatCount="indefinite" keyTimes="{times}"'
    out = []
    for stroke in d.strokes:
        values = [_pairs(_stroke_coords(project, f.points, stroke)) for f in d.frames]
        out.append(
            f'<polyline class="{stroke.css}" points="{values[0]}"><animate attributeName='
            f'"points" {timing} values="{";".join(values)}"/></polyline>'
        )
    heads = [project(f.points["head"])[:2] for f in d.frames]
    moves = ";".join(f"{_fmt(x)} {_fmt(y)}" for x, y in heads)
    out.append(
        f'<g><animateTransform attributeName="transform" type="translate" {timing} '
        f'values="{moves}"/><circle class="d" r="{_fmt(HEAD_R)}"/></g>'
    )
    return "".join(out)


# The colours of a figure served on its own. On a page, site.css gives the same classes the
# page's colours, so the drawing follows the page's theme and its print rules.
STANDALONE_STYLE = (
    "svg{color:#1b1f24}"
    ".b,.h,.w,.g,.c,.s{fill:none;stroke-linecap:round;stroke-linejoin:round}"
    f".b,.h{{stroke:currentColor;stroke-width:{2 * R * SCALE:g}}}"
    ".f{stroke-opacity:.4}.h{stroke:#c2410c}.d{fill:currentColor}"
    ".w{stroke:#5b6671;stroke-width:20}.g,.c,.s{stroke:#5b6671;stroke-width:3}.g{fill:#eef1f4}"
    ".s{stroke:#2a78b8}.n{font:700 24px sans-serif;fill:currentColor}.k{display:none}"
    "@media (prefers-color-scheme:dark){svg{color:#e8edf2}.h{stroke:#fb923c}"
    ".g{fill:#1c232b}.g,.c,.w{stroke:#a9b4bf}.s{stroke:#7cb7f5}}"
    "@media (prefers-reduced-motion:reduce),print{.a{display:none}.k{display:inline}}"
)


# For the Content-Security-Policy of a figure served on its own: this style, and no other.
_STYLE_DIGEST = hashlib.sha256(STANDALONE_STYLE.encode()).digest()
STANDALONE_STYLE_HASH = base64.b64encode(_STYLE_DIGEST).decode("ascii")


def _svg_open(box: Box, css: str, label: tuple[str, str] | None, ids: str, alone: bool) -> str:
    width, height = round(box[2] * SCALE), round(box[3] * SCALE)
    attrs = [f'class="{css}"', f'viewBox="{" ".join(_fmt(v) for v in box)}"']
    attrs += [f'width="{width}"', f'height="{height}"']
    if alone:
        attrs.insert(0, 'xmlns="http://www.w3.org/2000/svg"')
    if label is None:
        return f'<svg {" ".join(attrs)} aria-hidden="true" focusable="false">'
    title, desc = label
    names = f"{ids}-title {ids}-desc" if desc else f"{ids}-title"
    attrs += ['role="img"', f'aria-labelledby="{names}"']
    described = f'<desc id="{ids}-desc">{escape(desc)}</desc>' if desc else ""
    return f'<svg {" ".join(attrs)}><title id="{ids}-title">{escape(title)}</title>{described}'


def animated_svg(
    figure: dict,
    *,
    title: str,
    desc: str,
    part: str = "main",
    ids: str = "figure",
    alone: bool = False,
) -> str:
    """The figure moving through its key poses, for ever.

    `alone`: served as a file of its own, with its own colours; it then stands still on its
    first pose for someone who asks for reduced motion, and on paper. On a page, the page's
    stylesheet decides that."""
    d = drawing(figure, part)
    out = [_svg_open(d.box, "fig fig-moving", (title, desc), ids, alone)]
    if alone:
        out.append(f"<style>{STANDALONE_STYLE}</style>")
    out += [shape.svg() for shape in d.shapes]
    out.append(f'<g class="a">{_moving_body(d)}</g>')
    if alone:
        out.append(f'<g class="k">{_still_body(d, d.frames[0].points)}</g>')
    out.append("</svg>")
    return "".join(out)


def still_svg(
    figure: dict,
    *,
    pose: int = 0,
    part: str = "main",
    label: tuple[str, str] | None = None,
    ids: str = "pose",
    framed: bool = False,
) -> str:
    """One key pose, standing still: a library card's picture, or one of the numbered poses
    (`framed` in the whole movement's box: see drawing())."""
    d = drawing(figure, part, pose, framed)
    return (
        _svg_open(d.box, "fig fig-still", label, ids, alone=False)
        + "".join(shape.svg() for shape in d.shapes)
        + _still_body(d, d.frames[0].points)
        + "</svg>"
    )


def key_poses(figure: dict, part: str = "main") -> list[dict]:
    """The key poses worth showing side by side: each different pose once, with the numbers of
    the steps it shows ({"index": 0, "steps": [1, 5]})."""
    settings = settings_for(figure, part)
    shown: list[dict] = []
    for index, pose in enumerate(settings.poses):
        same = next((k for k in shown if k["shape"] == _shape(pose)), None)
        if same is None:
            same = {"index": index, "shape": _shape(pose), "steps": []}
            shown.append(same)
        for step in step_numbers(pose):
            if step not in same["steps"]:
                same["steps"].append(step)
    return [{"index": k["index"], "steps": k["steps"]} for k in shown]


def poses_of(figure: dict, part: str = "main") -> list[dict]:
    """A figure's key poses as written, or its easier form's."""
    return (figure if part == "main" else figure["easier"])["poses"]


def step_numbers(pose: dict) -> list[int]:
    steps = pose.get("step")
    return [] if steps is None else steps if isinstance(steps, list) else [steps]


def steps_label(steps: list[int]) -> str:
    if not steps:
        return ""
    if len(steps) == 1:
        return f"Step {steps[0]}"
    return f"Steps {', '.join(map(str, steps[:-1]))} and {steps[-1]}"


def steps_svg(figure: dict, *, title: str, desc: str, part: str = "main") -> str:
    """The key poses side by side, each numbered with the steps it shows: a file of its own."""
    pieces, x, gap, top, bottom = [], 0.0, 8.0, 0.0, 0.0
    drawings = [(drawing(figure, part, k["index"]), k["steps"]) for k in key_poses(figure, part)]
    top = min(d.box[1] for d, _ in drawings)
    bottom = max(d.box[1] + d.box[3] for d, _ in drawings) + 14
    for d, steps in drawings:
        left, _, width, _ = d.box
        number = escape(", ".join(map(str, steps)))
        pieces.append(
            f'<g transform="translate({_fmt(x - left)})">'
            + "".join(shape.svg() for shape in d.shapes)
            + _still_body(d, d.frames[0].points)
            + f'<text class="n" x="{_fmt(left + width / 2)}" y="{_fmt(bottom - 2)}" '
            f'text-anchor="middle">{number}</text></g>'
        )
        x += width + gap
    box = (0.0, top, x - gap, bottom - top)
    return (
        _svg_open(box, "fig fig-steps", (title, desc), "figure", alone=True)
        + f"<style>{STANDALONE_STYLE}</style>"
        + "".join(pieces)
        + "</svg>"
    )


def dumps(figure) -> str:
    """The figure as JSON that reads well: its settings first, then one pose to a line."""
    if not isinstance(figure, dict) or not isinstance(figure.get("poses"), list):
        return json.dumps(figure, indent=2, ensure_ascii=False)

    def block(data: dict, indent: str) -> list[str]:
        lines = []
        keys = [k for k in data if k not in ("poses", "easier")]
        for key in keys:
            lines.append(f'{indent}"{key}": {json.dumps(data[key], ensure_ascii=False)},')
        if isinstance(data.get("poses"), list):
            poses = [f"{indent}  {json.dumps(p, ensure_ascii=False)}" for p in data["poses"]]
            lines.append(f'{indent}"poses": [\n' + ",\n".join(poses) + f"\n{indent}],")
        if isinstance(data.get("easier"), dict):
            inner = block(data["easier"], indent + "  ")
            inner[-1] = inner[-1].rstrip(",")
            lines.append(f'{indent}"easier": {{\n' + "\n".join(inner) + f"\n{indent}}},")
        return lines

    lines = block(figure, "  ")
    lines[-1] = lines[-1].rstrip(",")
    return "{\n" + "\n".join(lines) + "\n}"
