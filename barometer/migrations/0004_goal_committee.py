import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("barometer", "0003_indicators_and_measurements"),
        ("organisation", "0003_sign_in_and_access_log"),
    ]

    operations = [
        migrations.AddField(
            model_name="goal",
            name="committee",
            field=models.ForeignKey(
                blank=True,
                help_text="Tom: et fælles mål for alle udvalg.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="goals",
                to="organisation.committee",
                verbose_name="udvalg",
            ),
        ),
    ]
