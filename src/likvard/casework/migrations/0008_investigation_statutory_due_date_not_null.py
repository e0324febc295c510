"""Every investigation has its statutory due date (backfilled by 0007)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0007_investigation_statutory_due_date"),
    ]

    operations = [
        migrations.AlterField(
            model_name="investigation",
            name="statutory_due_date",
            field=models.DateField(verbose_name="ska enligt lag vara klar senast"),
        ),
    ]
