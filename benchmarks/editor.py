"""An editor at work, for benchmarks/publishing.py: saves one release a second through the ORM
(so the save purges exactly as the admin's does: the models' signals), and after each save
reads the release's page through the app and through the front cache until the new title
shows, printing one JSON line per save with those delays.

    python benchmarks/editor.py --app http://127.0.0.1:8000 [--front http://127.0.0.1:6081] \
        --pks 12,13,14 --seconds 30

Run with the site's environment (DATABASE_URL, REDIS_URL, DJANGO_FRONT_CACHES...).
"""

import argparse
import http.client
import itertools
import json
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def fetch(base, path):
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read().decode(errors="replace")
    finally:
        connection.close()


def seconds_until_shown(base, path, text, limit=10.0):
    """Seconds from now until `text` is on the page at `path` (None if not within `limit`)."""
    started = time.monotonic()
    while time.monotonic() - started < limit:
        status, body = fetch(base, path)
        if status == 200 and text in body:
            return round(time.monotonic() - started, 4)
        time.sleep(0.01)
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--app", required=True)
    parser.add_argument("--front")
    parser.add_argument("--pks", required=True)
    parser.add_argument("--seconds", type=float, required=True)
    args = parser.parse_args()

    import django

    django.setup()
    from django.utils import translation

    from newsroom.models import NewsRelease

    translation.activate("en")
    pks = [int(pk) for pk in args.pks.split(",")]
    end = time.monotonic() + args.seconds
    for number in itertools.count(1):
        tick = time.monotonic()
        if tick >= end:
            break
        release = NewsRelease.objects.get(pk=pks[number % len(pks)])
        # The marker is plain ASCII: found in the page whatever the escaping of the rest.
        marker = f"Edited {number} {int(time.time())}"
        original = release.title_en.split(" | ")[-1]
        release.title_en = f"{marker} | {original}"[:300]
        release.save()
        saved = time.monotonic()
        path = release.get_absolute_url()
        result = {"pk": release.pk, "path": path, "save_s": round(saved - tick, 4),
                  "app_s": seconds_until_shown(args.app, path, marker)}
        if args.front:
            result["front_s"] = seconds_until_shown(args.front, path, marker)
        print(json.dumps(result), flush=True)
        time.sleep(max(0.0, 1.0 - (time.monotonic() - tick)))


if __name__ == "__main__":
    main()
