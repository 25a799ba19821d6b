"""The figure renderer: pose numbers in, SVG out. No database.

Like the gate's tests, these check properties (limbs keep their length, feet stay on what they
stand on, nothing goes through the floor) rather than comparing pictures."""

import math
import re

import pytest

from exercises import figures


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
