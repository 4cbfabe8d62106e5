"""Release originals move to the private storage (core.media_storage): the public gets them
only from the press views, while the release is public and the rights last. Their renditions
stay in the media storage, under the same names. The PDFs and press kits stored in the media
storage are deleted: they are made again, in the private storage, when next asked for."""

import logging

from django.core.files.storage import default_storage, storages
from django.db import migrations, models

import core.media_storage
import newsroom.models

logger = logging.getLogger(__name__)


def move_originals(apps, schema_editor):
    private = storages["private"]
    releases = apps.get_model("newsroom", "NewsRelease")
    names = releases.objects.exclude(image="").values_list("image", flat=True)
    for name in names.iterator():
        if private.exists(name) or not default_storage.exists(name):
            continue
        with default_storage.open(name, "rb") as source:
            saved = private.save(name, source)
        if saved != name:
            logger.error("The original %r was stored privately as %r.", name, saved)
            continue
        default_storage.delete(name)
    try:
        folders, _files = default_storage.listdir("press")
    except FileNotFoundError:
        return
    for folder in folders:
        for name in default_storage.listdir(f"press/{folder}")[1]:
            default_storage.delete(f"press/{folder}/{name}")


def move_back(apps, schema_editor):
    private = storages["private"]
    releases = apps.get_model("newsroom", "NewsRelease")
    for name in releases.objects.exclude(image="").values_list("image", flat=True).iterator():
        if default_storage.exists(name) or not private.exists(name):
            continue
        with private.open(name, "rb") as source:
            default_storage.save(name, source)
        private.delete(name)


class Migration(migrations.Migration):

    dependencies = [
        ('newsroom', '0010_journalist_links'),
    ]

    operations = [
        migrations.AlterField(
            model_name='newsrelease',
            name='image',
            field=models.ImageField(blank=True, storage=core.media_storage.private_storage, upload_to=newsroom.models.release_image_path, verbose_name='image'),
        ),
        migrations.RunPython(move_originals, move_back),
    ]
