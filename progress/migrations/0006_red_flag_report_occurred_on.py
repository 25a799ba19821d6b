from django.db import migrations, models
from django.utils import timezone


def from_created_at(apps, schema_editor):
    RedFlagReport = apps.get_model("progress", "RedFlagReport")
    for report in RedFlagReport.objects.filter(occurred_on__isnull=True).iterator():
        report.occurred_on = timezone.localdate(report.created_at)
        report.save(update_fields=["occurred_on"])


class Migration(migrations.Migration):
    dependencies = [
        ("progress", "0005_login_failures"),
    ]

    operations = [
        migrations.AddField(
            model_name="redflagreport",
            name="occurred_on",
            field=models.DateField(null=True),
        ),
        migrations.RunPython(from_created_at, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="redflagreport",
            name="occurred_on",
            field=models.DateField(),
        ),
        migrations.AddField(
            model_name="redflagreport",
            name="suspends",
            field=models.BooleanField(default=True),
        ),
    ]
