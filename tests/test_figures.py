"""The figure renderer: pose numbers in, SVG out. No database: the poses come from the fixture.

Like the gate's tests, these check properties (limbs keep their length, feet stay on what they
stand on, nothing goes through the floor) rather than comparing pictures."""

import itertools
import json
import math
import re
from functools import cache
from pathlib import Path

import pytest

from exercises import figures

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "exercises.json"


@cache
def fixture_figures() -> dict[str, dict]:
    rows = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return {
        row["fields"]["slug"]: row["fields"]["figure"]
        for row in rows
        if row["model"] == "exercises.exercise"
    }


def every_part() -> list[tuple[str, str]]:
    return [
        (slug, part)
        for slug, figure in fixture_figures().items()
        for part in ("main", "easier")
        if part == "main" or "easier" in figure
    ]


PARTS = every_part()
IDS = [f"{slug}-{part}" for slug, part in PARTS]


def settings_of(slug: str, part: str = "main") -> figures.Settings:
    return figures.settings_for(fixture_figures()[slug], part)


def key_points(slug: str, part: str = "main") -> list[dict]:
    return figures.placements(settings_of(slug, part))


def standing(**changes) -> dict:
    """The skeleton's joints for one pose given as data, on the floor by its heels."""
    pose = {"on": ["right-heel"], **changes}
    settings = figures.settings_for({"poses": [pose, pose]})
    return figures.place(settings, settings.poses[0])


def direction(points, a: str, b: str) -> tuple[float, float, float]:
    (x1, y1, z1), (x2, y2, z2) = points[a], points[b]
    length = math.dist(points[a], points[b])
    return ((x2 - x1) / length, (y2 - y1) / length, (z2 - z1) / length)


def close(a, b, within=1e-6) -> bool:
    return all(abs(x - y) <= within for x, y in zip(a, b, strict=True))


# The program's figures, every one.


def test_every_exercise_in_the_fixture_has_a_figure():
    assert len(fixture_figures()) == 21
    assert all(fixture_figures().values())


@pytest.mark.parametrize(("slug", "part"), PARTS, ids=IDS)
def test_the_figure_data_has_no_problem(slug, part):
    assert figures.check(fixture_figures()[slug]) == []


@pytest.mark.parametrize(("slug", "part"), PARTS, ids=IDS)
def test_every_figure_has_at_least_two_key_poses_that_differ(slug, part):
    poses = settings_of(slug, part).poses
    assert len(poses) >= 2
    assert len({json.dumps(figures._shape(pose), sort_keys=True) for pose in poses}) >= 2


@pytest.mark.parametrize(("slug", "part"), PARTS, ids=IDS)
def test_segment_lengths_stay_the_same_in_every_frame(slug, part):
    expected = figures.expected_lengths()
    for frame in figures.frames(settings_of(slug, part)):
        lengths = figures.segment_lengths(frame.points)
        for name, length in lengths.items():
            assert length == pytest.approx(expected[name], abs=1e-6), (frame.time, name)


@pytest.mark.parametrize(("slug", "part"), PARTS, ids=IDS)
def test_feet_hands_and_knees_rest_on_their_support_in_every_key_pose(slug, part):
    settings = settings_of(slug, part)
    placed = figures.placements(settings)
    for index, (pose, points) in enumerate(zip(settings.poses, placed, strict=True), 1):
        assert figures.contact_errors(settings, pose, points) == [], f"pose {index}"


@pytest.mark.parametrize(("slug", "part"), PARTS, ids=IDS)
def test_no_limb_goes_through_the_floor_or_into_a_step_even_between_poses(slug, part):
    settings = settings_of(slug, part)
    for frame in figures.frames(settings):
        assert figures.floor_errors(settings, frame.points) == [], frame.time


@pytest.mark.parametrize(("slug", "part"), PARTS, ids=IDS)
def test_each_figure_weighs_under_6_kb_on_its_own(slug, part):
    svg = figures.animated_svg(
        fixture_figures()[slug], title="A name", desc="The movement.", part=part, alone=True
    )
    assert len(svg.encode()) < 6 * 1024


# The joints: each angle turns the part it names the way a physiotherapist means it.


def test_standing_with_every_angle_at_zero_is_upright_facing_right():
    points = standing()
    assert close(direction(points, "pelvis", "neck"), (0, 1, 0))
    assert close(direction(points, "right-hip", "right-knee"), (0, -1, 0))
    assert close(direction(points, "right-heel", "right-toe"), (1, 0, 0))
    assert close(direction(points, "right-shoulder", "right-hand"), (0, -1, 0))
    # The side view sees the right side, nearer than the left.
    assert points["right-hip"][2] > points["left-hip"][2]


def test_hip_flexion_brings_the_thigh_forward():
    points = standing(right={"hip": 90})
    assert close(direction(points, "right-hip", "right-knee"), (1, 0, 0))
    assert close(direction(points, "left-hip", "left-knee"), (0, -1, 0))


def test_knee_flexion_bends_the_shin_backwards():
    points = standing(left={"knee": 90})
    assert close(direction(points, "left-knee", "left-heel"), (-1, 0, 0))


def test_a_positive_ankle_points_the_toes_and_a_negative_one_pulls_them_up():
    assert close(direction(standing(right={"ankle": 90}), "right-heel", "right-toe"), (0, -1, 0))
    up = direction(standing(right={"ankle": -30}), "right-heel", "right-toe")
    assert up[1] > 0


def test_shoulder_flexion_raises_the_arm_forward_and_overhead():
    assert close(
        direction(standing(right={"shoulder": 90}), "right-shoulder", "right-elbow"), (1, 0, 0)
    )
    overhead = standing(left={"shoulder": 180})
    assert close(direction(overhead, "left-shoulder", "left-elbow"), (0, 1, 0))


def test_elbow_flexion_bends_the_forearm_forwards():
    points = standing(right={"elbow": 90})
    assert close(direction(points, "right-elbow", "right-hand"), (1, 0, 0))


def test_out_to_the_side_moves_each_limb_away_from_the_body():
    points = standing(right={"hip_out": 90}, left={"shoulder_out": 90})
    assert close(direction(points, "right-hip", "right-knee"), (0, 0, 1))
    assert close(direction(points, "left-shoulder", "left-elbow"), (0, 0, -1))


def test_turning_the_hip_outwards_turns_a_bent_knees_shin_inwards():
    points = standing(right={"hip": 90, "knee": 90, "hip_turn": 45})
    # The foot swings across, towards the other leg.
    assert points["right-heel"][2] < points["right-knee"][2]


def test_the_trunk_angle_lays_the_body_down_with_the_head_where_it_says():
    on_back = standing(trunk=180)
    assert close(direction(on_back, "pelvis", "neck"), (-1, 0, 0))
    on_front = standing(trunk=0)
    assert close(direction(on_front, "pelvis", "neck"), (1, 0, 0))


def test_back_bends_only_the_upper_back_and_side_bends_it_sideways():
    points = standing(back=30)
    assert close(direction(points, "pelvis", "waist"), (0, 1, 0))
    forward = direction(points, "waist", "neck")
    assert forward[0] == pytest.approx(math.sin(math.radians(30)))
    sideways = direction(standing(side=30), "waist", "neck")
    assert sideways[2] == pytest.approx(math.sin(math.radians(30)))


def test_head_flexion_nods_the_head_forward():
    assert standing(head=30)["head"][0] > standing()["head"][0]


def test_roll_lays_a_body_on_its_left_side_facing_the_viewer():
    points = standing(trunk=0, roll=90)
    assert points["right-hip"][1] > points["left-hip"][1]
    assert direction(points, "right-hip", "right-knee") == pytest.approx((-1, 0, 0))


def test_twist_rolls_the_pelvis_and_legs_but_leaves_the_chest_still():
    lying = figures.resolve([{"trunk": 180}, {"trunk": 180, "twist": 30}])
    still, twisted = (figures.joints(pose) for pose in lying)
    assert twisted["left-shoulder"] == pytest.approx(still["left-shoulder"])
    assert twisted["left-hip"][1] != pytest.approx(still["left-hip"][1])


def test_each_pose_repeats_the_one_before_except_what_it_changes():
    _, second = figures.resolve([{"trunk": 45, "right": {"knee": 30}}, {"left": {"hip": 10}}])
    assert second["trunk"] == 45
    assert second["right"]["knee"] == 30
    assert second["left"]["hip"] == 10
    # Step numbers and holds belong to one pose only.
    steps = figures.resolve([{"step": 1, "hold": 2}, {}])
    assert steps[1]["step"] is None
    assert steps[1]["hold"] == 0


# Supports.


def test_the_first_resting_point_sits_where_at_says_on_its_surface():
    points = standing(at=12)
    assert points["right-heel"][0] == pytest.approx(12)
    assert points["right-heel"][1] == pytest.approx(figures.R)


def test_a_point_resting_in_two_poses_in_a_row_stays_planted_between_them():
    # Flat on one foot, then up on its toes: the toes are the second pose's first resting
    # point, and they must not jump to where the heel was.
    figure = {
        "poses": [
            {"on": ["right-heel", "right-toe"], "at": 10},
            {"on": ["right-toe"], "right": {"ankle": 30}},
        ]
    }
    settings = figures.settings_for(figure)
    flat, raised = figures.placements(settings)
    assert raised["right-toe"] == pytest.approx(flat["right-toe"])
    assert raised["right-heel"][1] > flat["right-heel"][1] + 3
    for frame in figures.frames(settings):
        assert frame.points["right-toe"][0] == pytest.approx(flat["right-toe"][0]), frame.time
        assert frame.points["right-toe"][1] == pytest.approx(figures.R), frame.time


def test_a_pose_that_gives_its_own_at_steps_there():
    figure = {"poses": [{"on": ["right-foot"], "at": 0}, {"on": ["right-foot"], "at": 30}]}
    first, second = figures.placements(figures.settings_for(figure))
    assert second["right-heel"][0] == pytest.approx(first["right-heel"][0] + 30)


# Where a figure moves a resting point on purpose, and why.
SLIDES_ON_PURPOSE = {
    # The easier form slides the heel along the bed.
    ("core-stabilization", "easier"),
    # From the stretch back to all fours is a change of position, not a held support.
    ("gluteal-stretch", "main"),
    # The arms are moved from resting overhead to the forearms under the shoulders.
    ("back-extension", "main"),
}


def slides(settings: figures.Settings, wander: float = 1.2) -> list[tuple[int, str, str]]:
    """Each hand, foot, knee or elbow resting in two key poses in a row that moves across the
    floor: from one key pose to the next (by more than 1.5 units: a foot rolls a little), or
    on the way (by more than `wander`). A pose that gives its own `at` steps somewhere new, so
    it is left out."""
    poses, loop, found = settings.poses, figures.frames(settings), []
    keys = [index for index, frame in enumerate(loop) if frame.key is not None]
    for start, end in itertools.pairwise(keys):
        here, there = loop[start], loop[end]
        if here.key == there.key or poses[there.key]["at_given"]:
            continue
        resting = [
            {p for name in poses[k]["on"] for p in figures._contact_points(name)}
            for k in (here.key, there.key)
        ]
        for part in resting[0] & resting[1] - {"pelvis", "neck"}:
            xs = [frame.points[part][0] for frame in loop[start : end + 1]]
            if abs(there.points[part][0] - here.points[part][0]) > 1.5:
                found.append((here.key + 1, part, "moved"))
            elif max(xs) - min(xs) > wander:
                found.append((here.key + 1, part, f"wandered {max(xs) - min(xs):.1f}"))
    return found


@pytest.mark.parametrize(("slug", "part"), PARTS, ids=IDS)
def test_a_hand_foot_or_knee_resting_in_two_poses_in_a_row_does_not_slide(slug, part):
    if (slug, part) in SLIDES_ON_PURPOSE:
        return
    assert slides(settings_of(slug, part)) == []


def held_between(settings: figures.Settings, index: int, placed) -> set[str]:
    """The hands, feet, knees and elbows resting at the same place in key pose `index` and
    the next (a point that moves between them is stepping somewhere new)."""
    poses = settings.poses
    following = (index + 1) % len(poses)
    here, there = placed[index], placed[following]
    resting = [
        {p for name in poses[k]["on"] for p in figures._contact_points(name, points)}
        for k, points in ((index, here), (following, there))
    ]
    wide = {"pelvis", "neck", "left-hip", "right-hip", "left-shoulder", "right-shoulder"}
    return {
        part
        for part in resting[0] & resting[1] - wide
        if math.dist(here[part], there[part]) <= figures.PLANTED_MOVE
    }


@pytest.mark.parametrize(("slug", "part"), PARTS, ids=IDS)
def test_a_planted_point_stays_put_all_the_way_between_two_key_poses(slug, part):
    # Not only in the frames drawn: at every twentieth of the way. Across the floor it stays
    # within a unit; it may only rise with the whole body where a limb on its way would
    # otherwise dip through the floor.
    settings = settings_of(slug, part)
    placed = figures.placements(settings)
    for index in range(len(settings.poses)):
        if settings.poses[(index + 1) % len(settings.poses)]["at_given"]:
            continue
        held = held_between(settings, index, placed)
        for step in range(1, 20):
            t = step / 20
            points = figures.between(settings, placed, index, t)
            for part_name in held:
                x, y, z = points[part_name]
                tx, ty, tz = (
                    a + (b - a) * t
                    for a, b in zip(
                        placed[index][part_name],
                        placed[(index + 1) % len(placed)][part_name],
                        strict=True,
                    )
                )
                assert abs(x - tx) <= 1 and abs(z - tz) <= 1, (index, part_name, t)
                assert y >= ty - 1, (index, part_name, t)


@pytest.mark.parametrize("slug", ["lunge", "weighted-lunge"])
def test_the_lunges_front_foot_stays_put_while_lowering_and_rising(slug):
    settings = settings_of(slug)
    placed = figures.placements(settings)
    stepped = placed[1]
    for index in (1, 2):
        for step in range(1, 20):
            points = figures.between(settings, placed, index, step / 20)
            for name in ("right-heel", "right-toe", "left-toe"):
                assert math.dist(points[name], stepped[name]) <= 1, (index, name, step)


def test_two_feet_planted_stay_put_while_the_legs_bend_differently():
    # A split stance lowering: each leg's joints turn by different amounts, so turning them
    # in step would slide the second foot; the drawing holds it.
    figure = {
        "poses": [
            {
                "on": ["left-toe", "right-foot"],
                "at": 0,
                "left": {"hip": -33, "knee": 18, "ankle": 5},
                "right": {"hip": 33, "knee": 8, "ankle": 25},
            },
            {
                "on": ["left-toe", "right-foot"],
                "left": {"hip": -5, "knee": 96, "ankle": 15},
                "right": {"hip": 85, "knee": 90, "ankle": -1},
            },
        ]
    }
    settings = figures.settings_for(figure)
    placed = figures.placements(settings)
    assert placed[1]["right-heel"] == pytest.approx(placed[0]["right-heel"], abs=1)
    for frame in figures.frames(settings):
        assert math.dist(frame.points["right-heel"], placed[0]["right-heel"]) <= 1
        assert math.dist(frame.points["left-toe"], placed[0]["left-toe"]) <= 0.1


def test_a_point_over_a_step_rests_on_the_step():
    figure = {"props": {"step": [0, 20, 15]}, "poses": [{"on": ["right-toe"], "at": 5}, {}]}
    settings = figures.settings_for(figure)
    points = figures.place(settings, settings.poses[0])
    assert points["right-toe"][1] == pytest.approx(15 + figures.R)


def test_a_foot_off_its_support_is_named_with_how_far():
    figure = {"poses": [{"on": ["right-heel", "left-heel"], "left": {"knee": 40}}, {}]}
    problems = figures.check(figure)
    assert any(
        p.startswith("Pose 1: the left heel should rest on the floor but is") for p in problems
    )


def test_a_limb_through_the_floor_is_named():
    lying = {"on": ["trunk"], "trunk": 180, "head": 30}
    figure = {"ground": "mat", "poses": [{**lying, "left": {"hip": -30}}, {"left": {"hip": 0}}]}
    problems = figures.check(figure)
    assert any(
        p.startswith("Pose 1: the left knee goes ") and p.endswith(" units into the floor.")
        for p in problems
    ), problems
    assert not any(p.startswith("Pose 2") for p in problems)


def test_a_touch_without_a_wall_is_a_problem():
    figure = {"poses": [{"on": ["right-heel"], "touch": ["right-hand"]}, {"trunk": 80}]}
    assert "Pose 1: the right hand touches a wall, but there is no wall." in figures.check(figure)


# Checking the data, in words an editor understands.


@pytest.mark.parametrize(
    ("figure", "problem"),
    [
        ([], "The figure must be written in { }, with its poses in a list."),
        ({"poses": [{}]}, "Poses: a figure needs at least two key poses in [ ]."),
        ({"poses": [{}, {"kne": 3}]}, "Pose 2: “kne” is not a pose setting"),
        ({"poses": [{}, {"right": {"knee": 200}}]}, "Pose 2: right knee 200 is outside 0 to 165"),
        ({"poses": [{}, {"trunk": "up"}]}, 'Pose 2: trunk must be a number, not "up".'),
        ({"poses": [{}, {"right": {"wrist": 3}}]}, "Pose 2: “wrist” is not a joint"),
        ({"poses": [{}, {"on": ["nose"]}]}, "Pose 2: on names “nose”, which is not a point."),
        ({"poses": [{}, {}]}, "Poses: the key poses are all the same, so nothing moves."),
        ({"ground": "ice", "poses": [{}, {"trunk": 80}]}, "ground must be one of"),
        ({"props": {"ladder": 3}, "poses": [{}, {"trunk": 80}]}, "“ladder” is not a prop"),
        ({"feel": ["nose"], "poses": [{}, {"trunk": 80}]}, "feel: “nose” is not a body part"),
        ({"view": "top", "poses": [{}, {"trunk": 80}]}, "view must be one of side, end."),
        ({"easier": {"poses": [{}]}, "poses": [{}, {"trunk": 80}]}, "Easier form, poses: a"),
    ],
)
def test_bad_pose_data_gets_a_clear_message(figure, problem):
    problems = figures.check(figure)
    assert any(p.startswith(problem) or problem in p for p in problems), problems
    with pytest.raises(figures.FigureError):
        figures.validate(figure)


KNEE_LIFT = {
    "feel": ["right-thigh"],
    "poses": [
        {"step": 1, "on": ["left-foot", "right-foot"]},
        {"step": 2, "hold": 1.5, "on": ["left-foot"], "right": {"hip": 90, "knee": 90}},
    ],
}


def test_a_figure_moves_through_its_key_poses_eased_and_back_in_one_loop():
    svg = figures.animated_svg(KNEE_LIFT, title="Knee lift", desc="Lift one knee.")
    times, values = re.search(r'keyTimes="([^"]*)" values="([^"]*)"', svg).groups()
    assert len(times.split(";")) == len(values.split(";"))
    assert values.split(";")[0] == values.split(";")[-1]
    # A 90 degree lift is drawn through in-between frames, so limbs keep their length.
    assert len(values.split(";")) > 5
    assert '<title id="figure-title">Knee lift</title>' in svg
    assert 'class="h"' in svg


def test_a_held_pose_repeats_its_frame_for_as_long_as_the_hold():
    loop = figures.frames(figures.settings_for(KNEE_LIFT))
    held = [frame for frame in loop if frame.key == 1]
    assert held[1].time - held[0].time == pytest.approx(1.5)
    assert held[0].points == held[1].points


# The SVG.


def svg_of(slug: str, **options) -> str:
    return figures.animated_svg(
        fixture_figures()[slug], title="Bird dog", desc="Lift <one> arm & the other leg.", **options
    )


def test_the_svg_says_the_movement_in_its_title_and_desc_escaped():
    svg = svg_of("bird-dog", alone=True)
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert '<title id="figure-title">Bird dog</title>' in svg
    assert '<desc id="figure-desc">Lift &lt;one&gt; arm &amp; the other leg.</desc>' in svg
    assert 'role="img" aria-labelledby="figure-title figure-desc"' in svg


def test_each_moving_part_has_as_many_key_times_as_values_and_loops_for_ever():
    svg = svg_of("lunge")
    animations = re.findall(r'<animate[^>]*keyTimes="([^"]*)"[^>]*values="([^"]*)"', svg)
    assert animations
    for times, values in animations:
        assert len(times.split(";")) == len(values.split(";"))
        assert times.startswith("0;") and times.endswith(";1")
    assert svg.count('repeatCount="indefinite"') == svg.count("<animate")


def test_the_drawing_pauses_on_a_held_pose():
    settings = settings_of("plank")
    loop = figures.frames(settings)
    held = [f for f in loop if f.key == 1]
    assert len(held) == 2
    assert held[1].time - held[0].time == pytest.approx(settings.poses[1]["hold"])
    assert held[0].points == held[1].points


def test_the_loop_ends_where_it_began():
    loop = figures.frames(settings_of("bird-dog"))
    assert loop[-1].points == loop[0].points
    assert [f.time for f in loop] == sorted(f.time for f in loop)


def test_on_its_own_it_stands_still_for_reduced_motion_and_on_paper():
    svg = svg_of("squat", alone=True)
    assert "@media (prefers-reduced-motion:reduce),print{.a{display:none}.k{display:inline}}" in svg
    assert '<g class="k">' in svg and '<g class="a">' in svg
    assert "prefers-color-scheme:dark" in svg


def test_in_a_page_it_uses_classes_only_no_style_and_follows_the_page():
    for svg in (svg_of("squat"), figures.still_svg(fixture_figures()["squat"])):
        assert "style" not in svg
        assert "xmlns" not in svg
        assert "#" not in svg  # no colours of its own: the page's stylesheet gives them


def test_a_still_pose_without_a_label_is_hidden_from_screen_readers():
    svg = figures.still_svg(fixture_figures()["bridge"], pose=0)
    assert 'aria-hidden="true"' in svg
    assert "<animate" not in svg


def test_a_still_pose_with_a_label_is_an_image_named_by_it():
    svg = figures.still_svg(
        fixture_figures()["bridge"], pose=1, label=("Step 3", "Hips up."), ids="p3"
    )
    assert 'role="img" aria-labelledby="p3-title p3-desc"' in svg
    assert '<title id="p3-title">Step 3</title>' in svg


def test_the_key_poses_are_shown_once_each_with_every_step_they_show():
    shown = figures.key_poses(fixture_figures()["bird-dog"])
    assert [k["steps"] for k in shown] == [[1, 2, 4], [3], [5]]
    assert figures.steps_label([1, 2, 4]) == "Steps 1, 2 and 4"
    assert figures.steps_label([3]) == "Step 3"
    assert figures.steps_label([]) == ""


def test_the_key_poses_side_by_side_are_numbered_like_the_steps():
    svg = figures.steps_svg(fixture_figures()["bridge"], title="Bridge", desc="Hips up.")
    assert re.findall(r'<text class="n"[^>]*>([^<]*)</text>', svg) == ["1, 2, 4", "3"]
    assert "<animate" not in svg


def test_the_end_view_is_drawn_from_another_angle_than_the_side():
    side = figures.still_svg({**fixture_figures()["knee-rock"], "view": "side"})
    end = figures.still_svg(fixture_figures()["knee-rock"])
    assert side != end


def test_dumps_writes_one_pose_a_line_and_reads_back_the_same():
    figure = fixture_figures()["plank"]
    text = figures.dumps(figure)
    assert json.loads(text) == figure
    pose_lines = [line for line in text.splitlines() if line.strip().startswith('{"')]
    assert len(pose_lines) == len(figure["poses"]) + len(figure["easier"]["poses"])


# The program's words, drawn: each figure follows the exercise as the program describes it.


def poses(slug: str, part: str = "main") -> tuple[dict, ...]:
    return settings_of(slug, part).poses


def test_the_back_extension_keeps_the_hips_down_and_lifts_only_the_upper_body():
    lying, raised = key_points("back-extension")[:2]
    for points in key_points("back-extension"):
        assert points["pelvis"][1] == pytest.approx(figures.R, abs=figures.TOLERANCE)
    assert raised["neck"][1] > lying["neck"][1] + 10
    assert raised["right-knee"][1] == pytest.approx(lying["right-knee"][1], abs=1)


def test_the_bird_dog_lifts_one_arm_with_the_opposite_leg():
    all_fours, first, _, second = key_points("bird-dog")
    for lifted, arm, leg in ((first, "right", "left"), (second, "left", "right")):
        assert lifted[f"{arm}-hand"][1] > all_fours[f"{arm}-hand"][1] + 20
        assert lifted[f"{leg}-heel"][1] > all_fours[f"{leg}-heel"][1] + 15
        other_arm, other_leg = ("left", "right") if arm == "right" else ("right", "left")
        assert lifted[f"{other_arm}-hand"][1] == pytest.approx(figures.R, abs=1)
        assert lifted[f"{other_leg}-knee"][1] == pytest.approx(figures.R, abs=1)


def test_the_side_plank_rests_on_one_forearm_and_lifts_the_hips():
    down, up = key_points("side-plank")[:2]
    for points in (down, up):
        assert points["left-elbow"][1] == pytest.approx(figures.R, abs=1)
        assert points["left-hand"][1] == pytest.approx(figures.R, abs=1)
    assert up["pelvis"][1] > down["pelvis"][1] + 8
    # Hips up means one straight line from the feet to the shoulders.
    line = direction(up, "left-heel", "neck")
    assert direction(up, "left-heel", "pelvis") == pytest.approx(line, abs=0.05)


def test_the_single_leg_bridge_keeps_the_hips_level_with_one_leg_straight():
    raised = poses("single-leg-bridge")[2]
    points = key_points("single-leg-bridge")[2]
    assert raised["twist"] == 0 and raised["roll"] == 0
    assert points["left-hip"][1] == pytest.approx(points["right-hip"][1])
    assert raised["right"]["knee"] == 0
    assert raised["left"]["knee"] > 45
    assert points["pelvis"][1] > figures.R + 6


def test_the_single_leg_bridge_keeps_the_supporting_knee_bent_and_lifts_to_a_straight_line():
    lying, _, raised, _ = key_points("single-leg-bridge")
    # A knee straightened far from the buttock loads the hamstring and tends to cramp it.
    assert 90 <= poses("single-leg-bridge")[2]["left"]["knee"] <= 95
    assert raised["pelvis"][1] > lying["pelvis"][1] + 10
    line = direction(raised, "left-knee", "pelvis")
    assert direction(raised, "pelvis", "neck") == pytest.approx(line, abs=0.15)
    # The straight leg carries on the thigh's line, and the shoulders stay where they were.
    assert direction(raised, "right-hip", "right-heel") == pytest.approx(
        direction(raised, "left-hip", "left-knee"), abs=1e-6
    )
    assert abs(raised["neck"][0] - lying["neck"][0]) < 2


def test_the_straight_leg_raise_lifts_a_straight_leg_with_the_other_knee_bent():
    for pose in poses("straight-leg-raise"):
        assert pose["right"]["knee"] == 0
        assert pose["left"]["knee"] >= 90
    assert max(pose["right"]["hip"] for pose in poses("straight-leg-raise")) >= 70


def test_the_straight_leg_raise_holds_the_thigh_with_the_head_and_shoulders_down():
    # Lifting the head while the leg is up is a crunch, and bending the neck adds to the
    # nerve's tension: the head and shoulders stay on the bed throughout.
    lying = key_points("straight-leg-raise")[0]
    both = zip(poses("straight-leg-raise"), key_points("straight-leg-raise"), strict=True)
    for pose, points in both:
        assert pose["back"] == 0 and pose["head"] == poses("straight-leg-raise")[0]["head"]
        assert points["neck"][1] == pytest.approx(figures.R, abs=figures.TOLERANCE)
        assert points["head"] == pytest.approx(lying["head"])
    highest = max(
        range(len(poses("straight-leg-raise"))),
        key=lambda index: poses("straight-leg-raise")[index]["right"]["hip"],
    )
    points = key_points("straight-leg-raise")[highest]
    halfway = [(a + b) / 2 for a, b in zip(points["right-hip"], points["right-knee"], strict=True)]
    for hand in ("right-hand", "left-hand"):
        # Both hands at the back of the thigh, about halfway between hip and knee.
        assert math.dist(points[hand][:2], halfway[:2]) < 8


def test_the_calf_raise_stands_on_the_front_half_of_the_foot_leaning_slightly_forward():
    figure = fixture_figures()["calf-raise"]
    edge = figure["props"]["step"][0]
    for pose, points in zip(poses("calf-raise"), key_points("calf-raise"), strict=True):
        assert pose["on"] == ["right-toe"]
        # The front half of the foot on the step, the heel over its edge.
        assert points["right-toe"][0] >= edge + 5
        assert points["right-heel"][0] < edge + 1
        # Hips, shoulders and head over the ball of the foot, tipped forward, never back.
        ball = points["right-toe"][0] - 4
        assert abs(points["pelvis"][0] - ball) < 4
        assert points["right-heel"][0] < points["pelvis"][0] < points["neck"][0]
        assert points["neck"][0] < points["head"][0] + 1
        # A hand steadies the body against the wall.
        assert "right-hand" in pose["touch"]
    assert "wall" in figure["props"]
    heel_down, heel_up = (pose["right"]["ankle"] for pose in poses("calf-raise")[:2])
    assert heel_down <= -20 and heel_up >= 30


def test_the_hip_hinge_tips_forward_from_the_hip_as_one_leg_goes_back():
    upright, _, hinged = poses("hip-hinge")
    assert upright["trunk"] == 90 and hinged["trunk"] < 30
    assert hinged["back"] == 0
    points = key_points("hip-hinge")[2]
    assert points["left-heel"][0] < points["pelvis"][0] - 30  # the free leg reaches back
    assert hinged["left"]["knee"] == 0


@pytest.mark.parametrize("slug", ["lunge", "weighted-lunge", "squat", "hip-hinge", "bird-dog"])
def test_the_back_stays_straight(slug):
    assert all(pose["back"] == 0 for pose in poses(slug))


def test_the_lunge_steps_forward_and_lowers_with_the_back_foot_in_place():
    standing_, stepped, lowered = key_points("lunge")[:3]
    assert stepped["right-heel"][0] > standing_["right-heel"][0] + 20
    assert stepped["left-toe"][0] == pytest.approx(standing_["left-toe"][0], abs=1)
    assert lowered["pelvis"][1] < stepped["pelvis"][1] - 10


@pytest.mark.parametrize("slug", ["lunge", "weighted-lunge"])
def test_the_lunge_keeps_the_front_foot_planted_after_the_step(slug):
    _, stepped, lowered, up = key_points(slug)
    for points in (lowered, up):
        assert points["right-heel"][0] == pytest.approx(stepped["right-heel"][0], abs=1)
    # Lowered: the front shin upright, the front thigh about level, the back knee near the floor.
    assert abs(lowered["right-knee"][0] - lowered["right-heel"][0]) < 4
    assert abs(lowered["right-knee"][1] - lowered["right-hip"][1]) < 4
    assert lowered["left-knee"][1] < figures.R + 5


def test_the_lower_back_rock_sinks_back_and_down_with_the_hands_still():
    all_fours, rocked = key_points("lower-back-rock")
    for part in ("right-hand", "right-knee", "right-toe"):
        assert rocked[part][0] == pytest.approx(all_fours[part][0], abs=1)
    assert rocked["pelvis"][1] < all_fours["pelvis"][1] - 8
    assert 10 <= rocked["pelvis"][1] - figures.R <= 15
    assert 130 <= poses("lower-back-rock")[1]["right"]["knee"] <= 145
    assert poses("lower-back-rock")[1]["back"] > 0  # the low back rounds gently


def test_the_calf_stretch_moves_the_hips_closer_to_the_wall_with_the_back_heel_down():
    _, stretch, closer = key_points("calf-stretch")
    # With the back leg straight and its heel down, the hips can only come a little closer;
    # the lean brings the shoulders much closer.
    assert closer["pelvis"][0] - stretch["pelvis"][0] >= 2
    assert closer["neck"][0] - stretch["neck"][0] >= 6
    for part in ("right-heel", "right-toe", "left-toe", "right-hand"):
        assert closer[part][0] == pytest.approx(stretch[part][0], abs=1)
    back_leg = poses("calf-stretch")[2]["right"]
    assert back_leg["knee"] == 0 and back_leg["ankle"] <= -28
    # Heel, hip and head close to one line, leaning into the wall.
    leg, body = direction(closer, "right-heel", "pelvis"), direction(closer, "pelvis", "head")
    assert math.degrees(math.acos(sum(a * b for a, b in zip(leg, body, strict=True)))) < 12


def test_the_calf_stretch_bends_the_front_knee_about_30_to_40_degrees():
    closer = key_points("calf-stretch")[2]
    (hx, hy, _), (kx, ky, _), (ax, ay, _) = (closer[f"left-{p}"] for p in ("hip", "knee", "heel"))
    thigh, shin = (kx - hx, ky - hy), (ax - kx, ay - ky)
    bend = math.degrees(
        math.acos(
            (thigh[0] * shin[0] + thigh[1] * shin[1]) / math.hypot(*thigh) / math.hypot(*shin)
        )
    )
    assert 30 <= bend <= 40


def test_the_calf_stretch_keeps_the_elbows_off_the_wall():
    wall = fixture_figures()["calf-stretch"]["props"]["wall"]
    for points in key_points("calf-stretch"):
        for side in ("left", "right"):
            assert points[f"{side}-elbow"][0] <= wall - figures.R


def test_the_back_extension_rests_on_both_forearms_alike():
    raised = poses("back-extension")[1]
    assert raised["left"]["shoulder"] == raised["right"]["shoulder"]
    assert raised["left"]["elbow"] == raised["right"]["elbow"] == 90
    points = key_points("back-extension")[1]
    for side in ("left", "right"):
        assert points[f"{side}-hand"][1] == pytest.approx(figures.R, abs=1)
        assert points[f"{side}-elbow"][1] == pytest.approx(figures.R, abs=1)


def is_partial_squat(pose: dict) -> bool:
    return (
        45 <= pose["right"]["hip"] <= 50
        and 45 <= pose["right"]["knee"] <= 50
        and 15 <= 90 - pose["trunk"] <= 20
        and pose["back"] == 0
        and pose["right"]["shoulder"] >= 90
    )


def test_the_squat_shows_a_partial_squat_before_going_lower():
    # The program starts people with a partial squat: the figure shows it on the way down,
    # and on its own as the easier form.
    squat = poses("squat")
    partial = next(index for index, pose in enumerate(squat) if is_partial_squat(pose))
    deepest = max(range(len(squat)), key=lambda index: squat[index]["right"]["hip"])
    assert partial < deepest
    assert squat[deepest]["right"]["hip"] > squat[partial]["right"]["hip"] + 40
    easier = max(poses("squat", "easier"), key=lambda pose: pose["right"]["hip"])
    assert is_partial_squat(easier)


def test_the_weighted_lunge_holds_a_weight_in_each_hand():
    svg = svg_of("weighted-lunge")
    assert svg.count('class="w') == 2


def test_the_standing_hamstring_stretch_steps_back_then_rocks_with_the_feet_still():
    figure = fixture_figures()["standing-hamstring-stretch"]
    chair = figure["props"]["chair"]
    stepped = [pose["step"] for pose in poses("standing-hamstring-stretch")]
    assert 2 in stepped  # the step back has a pose of its own
    _, back, *rocking = key_points("standing-hamstring-stretch")
    assert 35 <= chair - back["left-heel"][0] <= 45
    for points in rocking:
        for part in ("left-heel", "left-toe", "right-heel", "right-toe"):
            assert points[part][0] == pytest.approx(back[part][0], abs=0.5)
        assert points["pelvis"][0] < back["pelvis"][0] - 10  # the bottom goes back
    assert poses("standing-hamstring-stretch")[-1]["trunk"] <= 20


@pytest.mark.parametrize("part", ["main", "easier"])
def test_the_plank_lifts_with_the_toes_and_forearms_where_they_were(part):
    lying, lifted = key_points("plank", part)[:2]
    for name in ("right-toe", "right-elbow", "right-hand", "right-knee"):
        if name != "right-knee" or part == "easier":
            assert lifted[name][0] == pytest.approx(lying[name][0], abs=0.5), name


@pytest.mark.parametrize("part", ["main", "easier"])
def test_the_plank_keeps_the_elbows_under_the_shoulders_lying_and_lifted(part):
    # Within a limb line's width of straight under: lying on the forearms, then lifted, the
    # elbows stay where they are and the shoulders stay over them.
    for points in key_points("plank", part):
        for side in ("left", "right"):
            shoulder, elbow = points[f"{side}-shoulder"], points[f"{side}-elbow"]
            assert abs(elbow[0] - shoulder[0]) <= 1.2, side
            assert elbow[1] == pytest.approx(figures.R, abs=1)


def test_the_plank_is_held_on_the_tips_of_the_toes():
    lifted = key_points("plank")[1]
    assert lifted["right-toe"][1] == pytest.approx(figures.R, abs=1)
    assert lifted["right-heel"][1] > figures.R + 5


def test_the_plank_has_its_easier_form_on_the_knees():
    plank = key_points("plank", "easier")[1]
    assert plank["right-knee"][1] == pytest.approx(figures.R, abs=1)
    assert plank["pelvis"][1] > figures.R + 5
    full = key_points("plank")[1]
    assert full["right-knee"][1] > figures.R + 5


def test_core_stabilization_starts_with_the_leg_slide_and_its_full_form_drops_a_knee_out():
    slide = poses("core-stabilization", "easier")
    assert slide[0]["left"]["knee"] == 0 and slide[0]["right"]["knee"] == 0
    assert max(pose["right"]["knee"] for pose in slide) > 60
    full = poses("core-stabilization")
    assert max(pose["right"]["hip_out"] for pose in full) >= 30
    assert all(pose["twist"] == 0 for pose in full)


def test_core_stabilization_shows_the_knee_falling_out_to_the_side():
    settings = settings_of("core-stabilization")
    project = figures._camera(settings)
    lifted, dropped = figures.placements(settings)[1:3]

    def apart(points) -> float:
        # How far the lifted knee is from the other knee, across the picture.
        return abs(project(points["right-knee"])[0] - project(points["left-knee"])[0])

    assert apart(dropped) > apart(lifted) + 10


def _off_segment(point, a, b) -> float:
    """How far a point in the picture is from the line a-b."""
    (px, py), (ax, ay), (bx, by) = point, a, b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / ((dx * dx + dy * dy) or 1)))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


@pytest.mark.parametrize("step", [4, 5])
def test_core_stabilization_draws_the_lifted_leg_clear_of_the_body_and_the_other_leg(step):
    # Seen from the foot end, a leg lifted straight up can hide in front of the trunk and the
    # other knee: most of the lifted thigh, shin and foot must be drawn apart from them.
    settings = settings_of("core-stabilization")
    project = figures._camera(settings)
    index = next(i for i, pose in enumerate(settings.poses) if pose["step"] == step)
    points = {k: project(v)[:2] for k, v in figures.placements(settings)[index].items()}
    rest = [("pelvis", "waist"), ("waist", "neck"), ("left-shoulder", "right-shoulder")]
    rest += [(f"left-{a}", f"left-{b}") for a, b in (("hip", "knee"), ("knee", "heel"))]
    rest += [
        (f"{side}-{a}", f"{side}-{b}")
        for side in figures.SIDES
        for a, b in (("shoulder", "elbow"), ("elbow", "hand"))
    ]
    samples = [
        (a + (b - a) * t / 10, c + (d - c) * t / 10)
        for start, end in (("right-knee", "right-heel"), ("right-heel", "right-toe"))
        for (a, c), (b, d) in [(points[start], points[end])]
        for t in range(11)
    ]
    samples += [
        (a + (b - a) * t / 10, c + (d - c) * t / 10)
        for (a, c), (b, d) in [(points["right-hip"], points["right-knee"])]
        for t in range(5, 11)
    ]
    hidden = [
        p
        for p in samples
        if min(_off_segment(p, points[a], points[b]) for a, b in rest) < 2 * figures.R
        or math.dist(p, points["head"]) < figures.HEAD_R + figures.R
    ]
    assert len(hidden) <= len(samples) * 0.25


def test_the_knee_rock_is_seen_from_the_foot_end_and_keeps_the_chest_still():
    assert fixture_figures()["knee-rock"]["view"] == "end"
    chests = [points["neck"] for points in key_points("knee-rock")]
    assert all(chest == pytest.approx(chests[0]) for chest in chests)
    assert {pose["twist"] > 0 for pose in poses("knee-rock")[1:]} == {True, False}


def test_stretches_highlight_where_the_program_says_they_are_felt():
    feel = {slug: figure.get("feel", []) for slug, figure in fixture_figures().items()}
    assert "right-buttock" in feel["gluteal-stretch"]
    assert "right-calf" in feel["calf-stretch"]
    assert {"right-thigh", "right-calf"} <= set(feel["single-leg-hamstring-stretch"])
    assert {"right-thigh", "left-thigh"} <= set(feel["standing-hamstring-stretch"])
    assert "low-back" in feel["back-extension"]
    svg = svg_of("calf-stretch")
    assert 'class="h' in svg


def test_poses_shown_side_by_side_keep_one_scale_and_one_floor():
    figure = fixture_figures()["standing-hamstring-stretch"]
    boxes = {
        re.search(r'viewBox="([^"]*)"', figures.still_svg(figure, pose=index, framed=True))[1]
        for index in range(len(figure["poses"]))
    }
    assert len(boxes) == 1
    own = {re.search(r'viewBox="([^"]*)"', figures.still_svg(figure, pose=i))[1] for i in (0, 2)}
    assert len(own) == 2


# The corrected figures reach databases seeded before them.


def review_migration():
    from importlib import import_module

    return import_module("exercises.migrations.0008_figures_after_review")


def second_review_migration():
    from importlib import import_module

    return import_module("exercises.migrations.0009_figures_second_review")


def test_the_figures_first_brought_with_their_corrections_are_the_fixtures():
    from importlib import import_module

    first = import_module("exercises.migrations.0007_figures").FIGURES
    review, second = review_migration(), second_review_migration()
    assert set(review.PREVIOUS) == set(review.CORRECTED)
    assert set(second.PREVIOUS) == set(second.CORRECTED)
    for slug, figure in fixture_figures().items():
        brought = first[slug]
        if slug in review.CORRECTED:
            assert review.PREVIOUS[slug] == brought, slug
            brought = review.CORRECTED[slug]
        if slug in second.CORRECTED:
            # Each correction starts from the drawing the one before it left.
            assert second.PREVIOUS[slug] == brought, slug
            assert second.CORRECTED[slug] != brought, slug
            brought = second.CORRECTED[slug]
        assert brought == figure, slug


@pytest.mark.django_db
def test_the_review_corrects_a_figure_left_as_it_came_and_keeps_one_an_admin_changed():
    import time

    from django.apps import apps

    from exercises.models import Exercise, content_version

    review = review_migration()
    edited = {"poses": [{"step": 1}, {"step": 2, "trunk": 80}]}
    Exercise.objects.filter(slug="calf-raise").update(figure=review.PREVIOUS["calf-raise"])
    Exercise.objects.filter(slug="straight-leg-raise").update(figure=edited)
    Exercise.objects.filter(slug="walk").update(figure={})
    before = content_version()
    time.sleep(0.01)
    review.correct(apps, None)
    assert Exercise.objects.get(slug="calf-raise").figure == review.CORRECTED["calf-raise"]
    assert Exercise.objects.get(slug="straight-leg-raise").figure == edited
    # A figure removed on purpose stays removed.
    assert Exercise.objects.get(slug="walk").figure == {}
    assert content_version() != before
    # And undone, the figure is as it came.
    review.undo(apps, None)
    assert Exercise.objects.get(slug="calf-raise").figure == review.PREVIOUS["calf-raise"]


@pytest.mark.django_db
def test_the_second_review_corrects_a_figure_left_as_it_was_and_keeps_one_an_admin_changed():
    import time

    from django.apps import apps

    from exercises.models import Exercise, content_version

    second = second_review_migration()
    edited = {"poses": [{"step": 1}, {"step": 2, "trunk": 80}]}
    Exercise.objects.filter(slug="plank").update(figure=second.PREVIOUS["plank"])
    before = content_version()
    time.sleep(0.01)
    second.correct(apps, None)
    assert Exercise.objects.get(slug="plank").figure == second.CORRECTED["plank"]
    assert content_version() != before
    second.undo(apps, None)
    assert Exercise.objects.get(slug="plank").figure == second.PREVIOUS["plank"]
    # A figure an admin changed is theirs, both ways.
    Exercise.objects.filter(slug="plank").update(figure=edited)
    second.correct(apps, None)
    assert Exercise.objects.get(slug="plank").figure == edited
    second.undo(apps, None)
    assert Exercise.objects.get(slug="plank").figure == edited
