"""Synthetic news releases for development and benchmarks (`generate_demo_releases`).

Each release is composed once from the parallel phrase banks of `demo_phrases` and rendered in
English, French and Spanish, so its three languages say the same thing. Releases and their
many-to-many rows are written with `bulk_create` in batches: 100,000 releases take minutes,
not hours. `bulk_create` skips the model's pre_save, so bodies are sanitised here explicitly.
"""

import random
import re
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from core.language_policy import LANGUAGE_CODES as LANGUAGES
from core.sanitize import sanitize_html
from organisation.models import Office

from . import demo_phrases as phrases
from .models import NewsRelease, PressContact, ReleaseContact, Theme

KINDS = [
    (NewsRelease.Kind.PRESS_RELEASE, 60),
    (NewsRelease.Kind.BRIEFING_NOTE, 15),
    (NewsRelease.Kind.STATEMENT, 10),
    (NewsRelease.Kind.STORY, 15),
]
ORIGINAL_LANGUAGES = [("en", 70), ("fr", 15), ("es", 15)]


def _number(value, lang):
    """12,400 / 12 400 / 12.400: each language's thousands separator."""
    text = f"{value:,}"
    return text.replace(",", {"en": ",", "fr": "\u202f", "es": "."}[lang])


def _weighted(rng, pairs):
    return rng.choices([value for value, _w in pairs], [weight for _v, weight in pairs])[0]


class Composer:
    """Picks a release's content once; renders it in each language."""

    def __init__(self, rng):
        self.rng = rng

    def compose(self):
        rng = self.rng
        place = rng.choice(phrases.PLACES)
        slots = {
            "number": rng.choice([rng.randint(120, 990), rng.randint(1_000, 250_000)]),
            "year": rng.randint(2014, 2025),
            "partner": rng.choice(phrases.PARTNERS),
            "speaker": rng.choice(phrases.SPEAKERS),
            "place": place[2],
            "city": place[1],
        }
        body = [
            ("p", rng.sample(phrases.SENTENCES, 3)),
            ("blockquote", [rng.choice(phrases.QUOTES)]),
            ("h2", [rng.choice(phrases.HEADINGS)]),
            ("p", rng.sample(phrases.SENTENCES, 3)),
        ]
        if rng.random() < 0.5:
            body.append(("p", phrases.LIST_INTROS))
            body.append(("ul", rng.sample(phrases.LIST_ITEMS, 3)))
        body.append(("p", rng.sample(phrases.SENTENCES, 2)))
        return {
            "country": place[0],
            "slots": slots,
            "title": rng.choice(phrases.TITLES),
            "lead": rng.choice(phrases.LEADS),
            "body": body,
        }

    @staticmethod
    def render(content, lang):
        i = LANGUAGES.index(lang)
        slots = content["slots"]
        values = {
            "number": _number(slots["number"], lang),
            "year": slots["year"],
            "partner": slots["partner"][i],
            "speaker": slots["speaker"][i],
            "place": slots["place"][i],
        }

        def text(parallel):
            return parallel[i].format(**values)

        title = text(content["title"])
        html = []
        for tag, parts in content["body"]:
            if tag == "p":
                html.append("<p>" + " ".join(text(part) for part in parts) + "</p>")
            elif tag == "blockquote":
                html.append(f"<blockquote><p>{text(parts[0])}</p></blockquote>")
            elif tag == "h2":
                html.append(f"<h2>{text(parts[0])}</h2>")
            else:
                html.append("<ul>" + "".join(f"<li>{text(p)}</li>" for p in parts) + "</ul>")
        return {
            "title": title[0].upper() + title[1:],
            "dateline": slots["city"][i],
            "lead": text(content["lead"]),
            "body": "".join(html),
        }


def ensure_themes():
    themes = []
    for order, (slug, names) in enumerate(phrases.THEMES):
        defaults = {f"name_{lang}": name for lang, name in zip(LANGUAGES, names, strict=True)}
        defaults["order"] = order
        theme, _created = Theme.objects.get_or_create(slug=slug, defaults=defaults)
        themes.append(theme.pk)
    return themes


def ensure_contacts():
    offices = list(Office.objects.order_by("pk").values_list("pk", flat=True))
    contacts = []
    for index, (slug, name, roles, phone, email) in enumerate(phrases.CONTACTS):
        defaults = {"name": name, "phone": phone, "email": email}
        defaults |= {f"role_{lang}": role for lang, role in zip(LANGUAGES, roles, strict=True)}
        if offices:
            defaults["office_id"] = offices[index % len(offices)]
        contact, _created = PressContact.objects.get_or_create(slug=slug, defaults=defaults)
        contacts.append(contact.pk)
    return contacts


def next_number(prefix):
    """The first free counter for `prefix`: slugs never collide with earlier runs."""
    pattern = re.compile(rf"^{re.escape(prefix)}-(\d+)$")
    numbers = [
        int(match.group(1))
        for slug in NewsRelease.objects.filter(slug__startswith=f"{prefix}-").values_list(
            "slug", flat=True
        )
        if (match := pattern.match(slug))
    ]
    return max(numbers, default=0) + 1


def generate(count, seed=None, prefix="demo", years=10, batch_size=2000, progress=None):
    """Create `count` published releases in three languages; return how many were made."""
    rng = random.Random(seed)
    composer = Composer(rng)
    theme_ids = ensure_themes()
    contact_ids = ensure_contacts()
    first = next_number(prefix)
    now = timezone.now()
    span = int(timedelta(days=365 * years).total_seconds())
    ThemeLink = NewsRelease.themes.through
    RelatedLink = NewsRelease.related.through

    batches = range(0, count, batch_size)
    if progress:
        batches = progress(batches, len(batches))
    for start in batches:
        size = min(batch_size, count - start)
        releases = []
        for n in range(first + start, first + start + size):
            content = composer.compose()
            fields = {}
            for lang in LANGUAGES:
                for name, value in Composer.render(content, lang).items():
                    fields[f"{name}_{lang}"] = sanitize_html(value) if name == "body" else value
            # The untranslated columns mirror the default language, as save() would leave them.
            for name in ("title", "dateline", "lead", "body"):
                fields[name] = fields[f"{name}_en"]
            countries = [content["country"]]
            if rng.random() < 0.2:
                countries.append(rng.choice(phrases.PLACES)[0])
            releases.append(
                NewsRelease(
                    slug=f"{prefix}-{n}",
                    kind=_weighted(rng, KINDS),
                    status=NewsRelease.Status.PUBLISHED,
                    original_language=_weighted(rng, ORIGINAL_LANGUAGES),
                    published_at=now - timedelta(seconds=rng.randint(60, span)),
                    countries=list(dict.fromkeys(countries)),
                    **fields,
                )
            )
        with transaction.atomic():
            NewsRelease.objects.bulk_create(releases)
            theme_links, contact_links, related_links = [], [], []
            for position, release in enumerate(releases):
                for theme_id in rng.sample(theme_ids, rng.randint(1, 3)):
                    theme_links.append(ThemeLink(newsrelease_id=release.pk, theme_id=theme_id))
                for order, contact_id in enumerate(rng.sample(contact_ids, rng.randint(1, 2))):
                    contact_links.append(
                        ReleaseContact(release_id=release.pk, contact_id=contact_id, order=order)
                    )
                earlier = releases[max(0, position - 50):position]
                for other in rng.sample(earlier, min(len(earlier), rng.randint(0, 2))):
                    related_links.append(
                        RelatedLink(from_newsrelease_id=release.pk, to_newsrelease_id=other.pk)
                    )
            ThemeLink.objects.bulk_create(theme_links)
            ReleaseContact.objects.bulk_create(contact_links)
            RelatedLink.objects.bulk_create(related_links)
    return count
