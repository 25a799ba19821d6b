"""The clinical review's content corrections, for databases seeded before them.

`seed_exercises` keeps rows that already exist, so that edits made in the admin survive. This
migration brings each corrected field to its new text only where it still holds the text it
replaces: a field someone has edited since is left as they wrote it.
"""

from django.db import migrations
from django.utils import timezone

# model -> slug -> field -> (the text it replaces, the new text)
CORRECTIONS = {
    "Exercise": {
        "bridge": {
            "summary": (
                "Strengthens your buttock muscles, which help support and protect your low back.",
                "Strengthens your buttock muscles, which help hold your "
                "pelvis and low back steady.",
            )
        },
        "calf-raise": {
            "dose_note": (
                "No exact count is given. Do as many as you can, slowly.",
                "No exact count is given. Start with your weaker "
                "(affected) leg and give it the most work: as many "
                "slow raises as you can manage. Then do the other "
                "leg.",
            ),
            "sides": ("", "each-leg"),
            "steps": (
                "Stand on one leg on a firm step, with only the front "
                "half of that foot on it.\n"
                "Let your heel sink down to start.\n"
                "Slowly rise up onto your toes, as high as you are "
                "able.\n"
                "Slowly sink your heel down towards the floor, going as "
                "low as your balance allows.\n"
                "Repeat slowly, several times.",
                "Use your weaker leg first: stand on it on a firm step, "
                "with only the front half of the foot on it.\n"
                "Let your heel sink down to start.\n"
                "Slowly rise up onto your toes, as high as you are "
                "able.\n"
                "Slowly sink your heel down towards the floor, going as "
                "low as your balance allows.\n"
                "Repeat slowly, several times.\n"
                "Change to the other leg.",
            ),
        },
        "calf-stretch": {"sides": ("each", "each-leg")},
        "core-stabilization": {
            "build_up": (
                "Once that is steady, start with both knees "
                "bent. Slowly lift one leg, let it drop out "
                "to the side, bring it back up, then lower "
                "it. Keep your hips square and still "
                "throughout.",
                "",
            ),
            "dose_note": (
                "Stay with it for a couple of weeks before moving on to the plank.",
                "Keep to this full form for a couple of weeks before moving on to the plank.",
            ),
            "easier_option": (
                "",
                "Begin here, with both legs straight "
                "and your hands on your hips: slowly "
                "bend one leg, straighten it back down, "
                "then do the other. No count is given; "
                "practise it slowly until your hips "
                "stay completely still, then move on to "
                "the full form.",
            ),
            "sides": ("each", "each-leg"),
            "steps": (
                "Lie face up; your fingers should just slide "
                "under the small of your back.\n"
                "Rest your hands on your hips so you can feel "
                "whether they move.\n"
                "Tighten the deep muscles of your stomach.\n"
                "Slowly bend one leg, then straighten it back "
                "down.\n"
                "Do the same with the other leg, keeping your "
                "hips square and still.",
                "Lie on your back; your fingers should just "
                "slide under the small of your back.\n"
                "Bend both knees and put your feet flat on the "
                "floor.\n"
                "Tighten the deep muscles of your stomach, and "
                "keep your hips square and still throughout.\n"
                "Lift one leg slowly, with full control.\n"
                "Let that leg drop gradually out to the side.\n"
                "Bring it back up to the middle, then lower it "
                "to where it started.\n"
                "Do the same with the other leg.",
            ),
            "stop_if": (
                "Stop if pain or tingling spreads further "
                "down your leg, or your leg symptoms "
                "increase. Do not do crunches or lift your "
                "upper body off the floor. If your hips move "
                "or twist, slow down and go back to the "
                "simpler leg movement.",
                "Stop if pain or tingling spreads further "
                "down your leg, or your leg symptoms "
                "increase. Do not do crunches or lift your "
                "upper body off the floor. If your hips move "
                "or twist, slow down and go back to the "
                "simple leg bend with your hands on your "
                "hips.",
            ),
        },
        "lower-back-rock": {
            "app_reading": (
                "",
                "The program does not say which position to "
                "rock in; the app reads it as on all "
                "fours.",
            )
        },
        "plank": {
            "summary": (
                "Builds core strength once your hips stay completely still "
                "during core stabilization.",
                "Builds more core strength. Start it only when your hips "
                "stay completely still during core stabilization.",
            )
        },
        "side-plank": {
            "sides": ("", "each"),
            "steps": (
                "Lie on one side, leaning on that forearm.\n"
                "Rest your top hand on your hip.\n"
                "Stretch both legs out straight and tighten your core.\n"
                "Raise your hips slowly from the floor.\n"
                "Balance on your forearm and your feet, then lower your "
                "hips gently.",
                "Lie on one side, leaning on that forearm.\n"
                "Rest your top hand on your hip.\n"
                "Stretch both legs out straight and tighten your core.\n"
                "Raise your hips slowly from the floor.\n"
                "Balance on your forearm and your feet, then lower your "
                "hips gently.\n"
                "Turn over and do the same on your other side.",
            ),
        },
        "single-leg-bridge": {
            # Only the plank, side plank, weighted lunge and hip hinge wait behind the gate.
            "stage": ("advanced", "foundation"),
            "sides": ("", "each"),
            "steps": (
                "Lie on your back with your knees bent and your "
                "feet flat on the floor.\n"
                "Stretch one leg out straight.\n"
                "Squeeze your buttocks and raise your hips from "
                "the floor.\n"
                "Keep your hips square so that neither side "
                "drops.\n"
                "Lower your hips back down slowly.",
                "Lie on your back with your knees bent and your "
                "feet flat on the floor.\n"
                "Stretch one leg out straight.\n"
                "Squeeze your buttocks and raise your hips from "
                "the floor.\n"
                "Keep your hips square so that neither side "
                "drops.\n"
                "Lower your hips back down slowly.\n"
                "Do the same with your other leg stretched out.",
            ),
            "summary": (
                "A harder bridge that builds strong control of your hips to protect your low back.",
                "A harder bridge that trains your buttocks to "
                "keep your pelvis level while one leg is "
                "stretched out.",
            ),
        },
        "single-leg-hamstring-stretch": {"sides": ("each", "each-leg")},
        "straight-leg-raise": {"sides": ("each", "each-leg")},
    },
    "Stage": {
        "advanced": {
            "unlock_hint": (
                "Opens once the Plank stage is open and you have done "
                "the plank in 6 sessions over 2 weeks, with no "
                "increase in leg pain.",
                "Start only once the plank feels easy. The app opens "
                "it after the plank on 6 different days over 2 weeks "
                "since the Plank stage opened, and 2 weeks of leg pain "
                "at 5 or below and not rising.",
            )
        },
        "plank": {
            "unlock_hint": (
                "Opens once your hips stay completely still during core "
                "stabilization, you have done it in 6 sessions over 2 "
                "weeks, and your leg pain has not gone up for at least 2 "
                "weeks.",
                "Start only when your hips stay completely still in core "
                "stabilization. The app opens it after core stabilization "
                "on 6 different days over 2 weeks, and 2 weeks of leg "
                "pain at 5 or below and not rising.",
            )
        },
    },
}


def correct(apps, schema_editor):
    for model_name, rows in CORRECTIONS.items():
        model = apps.get_model("exercises", model_name)
        for slug, fields in rows.items():
            row = model.objects.filter(slug=slug).first()
            if row is None:
                continue
            changed = []
            for name, (old, new) in fields.items():
                if name == "stage":
                    # Stages are named by slug.
                    if row.stage.slug == old:
                        row.stage = apps.get_model("exercises", "Stage").objects.get(slug=new)
                        changed.append(name)
                elif getattr(row, name) == old:
                    setattr(row, name, new)
                    changed.append(name)
            if changed:
                # Cached pages are keyed on the content's latest change.
                row.updated_at = timezone.now()
                row.save(update_fields=[*changed, "updated_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("exercises", "0003_each_leg_and_app_reading"),
    ]

    operations = [migrations.RunPython(correct, migrations.RunPython.noop)]
