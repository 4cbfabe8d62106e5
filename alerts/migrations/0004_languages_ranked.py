"""Subscribers from before languages were ranked keep the languages they ticked, as a ranking
in the policy's order (the order the tick boxes were in); unknown codes and repeats are
dropped, and a subscriber left with none gets the default language."""

from django.db import migrations

from core.language_policy import DEFAULT_LANGUAGE, LANGUAGE_CODES


def ranked(languages):
    ticked = set(languages or ())
    return [code for code in LANGUAGE_CODES if code in ticked] or [DEFAULT_LANGUAGE]


def rank_ticked_languages(apps, schema_editor):
    Subscriber = apps.get_model("alerts", "Subscriber")
    for subscriber in Subscriber.objects.only("pk", "languages").iterator():
        languages = ranked(subscriber.languages)
        if languages != subscriber.languages:
            Subscriber.objects.filter(pk=subscriber.pk).update(languages=languages)


class Migration(migrations.Migration):
    dependencies = [("alerts", "0003_withdrawal_notices")]

    operations = [migrations.RunPython(rank_ticked_languages, migrations.RunPython.noop)]
