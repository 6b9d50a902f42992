"""Seed the reason library from gongkai.disclosures.reasons (offices edit the wording
afterwards; codes and report rows stay as the data says)."""

from django.db import migrations


def seed(apps, schema_editor):
    from gongkai.disclosures.reasons import seed_reason_library

    seed_reason_library(apps.get_model("disclosures", "ReplyReason"))


def unseed(apps, schema_editor):
    apps.get_model("disclosures", "ReplyReason").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("disclosures", "0001_applications_letters_replies_reviews")]

    operations = [migrations.RunPython(seed, unseed)]
