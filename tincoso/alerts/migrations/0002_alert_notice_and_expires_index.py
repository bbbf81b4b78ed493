import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("alerts", "0001_alerts_initial")]

    operations = [
        migrations.AlterField(
            model_name="alert",
            name="expires",
            field=models.DateTimeField(db_index=True, verbose_name="hết hiệu lực"),
        ),
        migrations.CreateModel(
            name="AlertNotice",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("sent_at", models.DateTimeField()),
                ("count", models.PositiveIntegerField(default=0)),
                (
                    "alert",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notice",
                        to="alerts.alert",
                    ),
                ),
            ],
        ),
    ]
