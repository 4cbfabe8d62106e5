"""The releases interchange format (docs/release-format.md): one JSON document carrying every
language of every release, with its themes, countries, press contacts, related releases and
image reference. `export_releases` writes it and `import_releases` reads it.

An import is all or nothing: every record is checked before anything is written, the writes
run in one transaction, and a problem found while writing (a related release that does not
exist) rolls everything back. Releases are saved one by one with `save()`, so the model's
pre_save sanitises their rich text exactly as it does for the admin. Image files are not in
the JSON: they must already be in the storage of release images (the private storage,
core.media_storage) and pass the same Pillow gate as uploads.

An import never silently overwrites a newer copy: each release carries the version (edit count)
it had when exported, and one changed on the site since is refused by name (see `_refusal`)
unless the import is forced. The records it does write form one revision and one line of the
activity log.
"""

import json
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django_countries import countries as all_countries

from core import activity, publishing, redirects
from core.images import validate_image
from core.language_policy import LANGUAGE_CODES
from core.revisions import revision
from organisation.models import Office, Unit

from .models import NewsRelease, PressContact, ReleaseContact, Theme

FORMAT = "iom_site.releases"
# Version 2 adds each release's "version"; version 1 files (without it) are still read.
VERSION = 2
READABLE_VERSIONS = (1, 2)
SOURCE = "command:import_releases"
LANGUAGES = list(LANGUAGE_CODES)
RELEASE_TEXT_FIELDS = ("title", "dateline", "lead", "body")
# stored as image_alt_xx, image_caption_xx, image_usage_terms_xx
IMAGE_TEXT_FIELDS = ("alt", "caption", "usage_terms")
MAX_REPORTED_ERRORS = 20


class ImportFailed(Exception):
    """The file cannot be imported; `errors` names each record, field and reason."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


@dataclass
class ImportResult:
    releases_created: int = 0
    releases_updated: int = 0
    releases_unchanged: int = 0
    # One line per release left as it is on the site, naming it and why.
    refused: list = field(default_factory=list)
    themes_created: int = 0
    themes_updated: int = 0
    contacts_created: int = 0
    contacts_updated: int = 0


# --- Export -----------------------------------------------------------------------------------


def _translations(obj, name):
    return {code: getattr(obj, f"{name}_{code}") or "" for code in LANGUAGES}


def _contact_record(contact):
    return {
        "slug": contact.slug,
        "name": contact.name,
        "role": _translations(contact, "role"),
        "phone": contact.phone.as_e164 if contact.phone else "",
        "email": contact.email,
        "active": contact.is_active,
        "office": contact.office.slug if contact.office_id else None,
        "unit": contact.unit.slug if contact.unit_id else None,
    }


def release_record(release):
    """One release as the format describes it (the release's prefetches must be loaded)."""
    record = {
        "slug": release.slug,
        "version": release.version,
        "kind": release.kind,
        "status": release.status,
        "published_at": (
            timezone.localtime(release.published_at).isoformat() if release.published_at else None
        ),
        "original_language": release.original_language,
    }
    for name in RELEASE_TEXT_FIELDS:
        record[name] = _translations(release, name)
    has_image = release.image or release.image_credit or release.image_rights_expire_on or any(
        getattr(release, f"image_{name}_{code}") for name in IMAGE_TEXT_FIELDS for code in LANGUAGES
    )
    record["image"] = (
        {
            "file": release.image.name or "",
            "alt": _translations(release, "image_alt"),
            "caption": _translations(release, "image_caption"),
            "credit": release.image_credit,
            "usage_terms": _translations(release, "image_usage_terms"),
            "rights_expire_on": (
                release.image_rights_expire_on.isoformat()
                if release.image_rights_expire_on else None
            ),
        }
        if has_image
        else None
    )
    record["themes"] = [
        {"slug": theme.slug, "name": _translations(theme, "name"), "order": theme.order}
        for theme in release.themes.all()
    ]
    record["countries"] = [country.code for country in release.countries]
    record["contacts"] = [
        _contact_record(link.contact) for link in release.releasecontact_set.all()
    ]
    record["related"] = sorted(other.slug for other in release.related.all())
    return record


def export_queryset():
    return NewsRelease.objects.order_by("pk").prefetch_related(
        Prefetch("themes", queryset=Theme.objects.order_by("order", "slug")),
        Prefetch(
            "releasecontact_set",
            queryset=ReleaseContact.objects.select_related(
                "contact__office", "contact__unit"
            ).order_by("order", "pk"),
        ),
        Prefetch("related", queryset=NewsRelease.objects.only("slug")),
    )


def export_releases(stream, progress=None):
    """Write every release to `stream` as one JSON document; return how many were written.

    Written record by record so a large newsroom is never held in memory as one string.
    """
    queryset = export_queryset()
    releases = queryset.iterator(chunk_size=500)
    if progress:
        releases = progress(releases, queryset.count())
    stream.write(f'{{"format": "{FORMAT}", "version": {VERSION}, "releases": [')
    count = 0
    for release in releases:
        stream.write(",\n" if count else "\n")
        stream.write(json.dumps(release_record(release), ensure_ascii=False, indent=1))
        count += 1
    stream.write("\n]}\n")
    return count


# --- Import: checking -------------------------------------------------------------------------


class _Problem(Exception):
    def __init__(self, field_name, reason):
        self.field_name = field_name
        self.reason = reason


def _string(record, key, required=False):
    value = record.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise _Problem(key, "must be a string")
    if required and not value.strip():
        raise _Problem(key, "is required")
    return value


def _translated(record, key):
    """A {language: text} object; absent languages are empty."""
    value = record.get(key) or {}
    if not isinstance(value, dict):
        raise _Problem(key, 'must be an object of texts by language, e.g. {"en": "…"}')
    unknown = sorted(set(value) - set(LANGUAGES))
    if unknown:
        raise _Problem(key, f"unknown language {unknown[0]!r} (expected {', '.join(LANGUAGES)})")
    for code, text in value.items():
        if text is not None and not isinstance(text, str):
            raise _Problem(f"{key}.{code}", "must be a string")
    return {code: value.get(code) or "" for code in LANGUAGES}


def _check_field(model, name, value):
    """Run the model field's own validation (length, choices, format) on a non-empty value."""
    if value in ("", None):
        return value
    try:
        return model._meta.get_field(name).clean(value, None)
    except ValidationError as error:
        raise _Problem(name, " ".join(error.messages)) from None


def _check_translated(model, name, values, public_name=None):
    for code, text in values.items():
        try:
            _check_field(model, f"{name}_{code}", text)
        except _Problem as problem:
            raise _Problem(f"{public_name or name}.{code}", problem.reason) from None
    return values


def _published_at(record):
    value = record.get("published_at")
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise _Problem("published_at", "not an ISO 8601 date-time")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise _Problem("published_at", "not an ISO 8601 date-time") from None
    if moment.tzinfo is None:
        raise _Problem("published_at", "needs a UTC offset (e.g. 2017-06-20T10:00:00+02:00)")
    return moment


def _version(record):
    value = record.get("version")
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise _Problem("version", "must be a whole number ≥ 1")
    return value


def _slug_list(record, key):
    value = record.get(key) or []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _Problem(key, "must be a list of strings")
    return value


def _parse_theme(data, index):
    where = f"themes[{index}]"
    if not isinstance(data, dict):
        raise _Problem(where, "must be an object")
    try:
        slug = _check_field(Theme, "slug", _string(data, "slug", required=True))
        names = _check_translated(Theme, "name", _translated(data, "name"))
        order = data.get("order", 0)
        if not isinstance(order, int) or isinstance(order, bool) or order < 0:
            raise _Problem("order", "must be a whole number ≥ 0")
    except _Problem as problem:
        raise _Problem(f"{where}.{problem.field_name}", problem.reason) from None
    if not any(names.values()):
        raise _Problem(f"{where}.name", "needs at least one language")
    return {"slug": slug, "name": names, "order": order}


def _parse_contact(data, index, offices, units):
    where = f"contacts[{index}]"
    if not isinstance(data, dict):
        raise _Problem(where, "must be an object")
    try:
        contact = {
            "slug": _check_field(PressContact, "slug", _string(data, "slug", required=True)),
            "name": _check_field(PressContact, "name", _string(data, "name", required=True)),
            "role": _check_translated(PressContact, "role", _translated(data, "role")),
            "email": _check_field(PressContact, "email", _string(data, "email")),
        }
        phone = _check_field(PressContact, "phone", _string(data, "phone"))
        contact["phone"] = phone.as_e164 if phone else ""
        active = data.get("active", True)
        if not isinstance(active, bool):
            raise _Problem("active", "must be true or false")
        contact["active"] = active
        for key, known in (("office", offices), ("unit", units)):
            slug = data.get(key)
            if slug in (None, ""):
                contact[key] = None
            elif slug not in known:
                raise _Problem(key, f'no {key} with slug "{slug}" (load the organisation first)')
            else:
                contact[key] = known[slug]
    except _Problem as problem:
        raise _Problem(f"{where}.{problem.field_name}", problem.reason) from None
    return contact


def _check_image_file(path):
    """The file must already be in the media storage and pass the same gate as uploads."""
    if path.startswith("/") or ".." in path.split("/") or "\\" in path:
        raise _Problem("file", "must be a path inside the media storage")
    _check_field(NewsRelease, "image", path)
    storage = NewsRelease._meta.get_field("image").storage
    if not storage.exists(path):
        raise _Problem("file", f'"{path}" is not in the media storage (copy the media files first)')
    with storage.open(path) as stream:
        try:
            validate_image(stream)
        except ValidationError as error:
            raise _Problem("file", " ".join(error.messages)) from None


def _rights_expire_on(data):
    value = data.get("rights_expire_on")
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise _Problem("rights_expire_on", "not an ISO 8601 date (e.g. 2027-12-31)")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _Problem("rights_expire_on", "not an ISO 8601 date (e.g. 2027-12-31)") from None


def _parse_image(data):
    if data is None:
        return {"file": "", "alt": dict.fromkeys(LANGUAGES, ""),
                "caption": dict.fromkeys(LANGUAGES, ""), "credit": "",
                "usage_terms": dict.fromkeys(LANGUAGES, ""), "rights_expire_on": None}
    if not isinstance(data, dict):
        raise _Problem("image", "must be an object or null")
    try:
        path = _string(data, "file")
        if path:
            _check_image_file(path)
        image = {
            "file": path,
            "alt": _check_translated(NewsRelease, "image_alt", _translated(data, "alt"), "alt"),
            "caption": _check_translated(
                NewsRelease, "image_caption", _translated(data, "caption"), "caption"
            ),
            # Required with a file, as in the admin: the press kit hands the image out with it.
            "credit": _check_field(
                NewsRelease, "image_credit", _string(data, "credit", required=bool(path))
            ),
            "usage_terms": _check_translated(
                NewsRelease, "image_usage_terms", _translated(data, "usage_terms"), "usage_terms"
            ),
            "rights_expire_on": _rights_expire_on(data),
        }
    except _Problem as problem:
        raise _Problem(f"image.{problem.field_name}", problem.reason) from None
    return image


def _parse_release(record, offices, units):
    """The record's values, checked; raises _Problem on the first bad field."""
    if not isinstance(record, dict):
        raise _Problem("record", "must be an object")
    release = {
        "slug": _check_field(NewsRelease, "slug", _string(record, "slug", required=True)),
        "kind": _check_field(NewsRelease, "kind", _string(record, "kind", required=True)),
        "status": _check_field(NewsRelease, "status", _string(record, "status", required=True)),
        "original_language": _check_field(
            NewsRelease, "original_language", _string(record, "original_language", required=True)
        ),
        "published_at": _published_at(record),
        "version": _version(record),
    }
    if release["status"] == NewsRelease.Status.PUBLISHED and release["published_at"] is None:
        raise _Problem("published_at", "is required for a published release")
    for name in RELEASE_TEXT_FIELDS:
        release[name] = _check_translated(NewsRelease, name, _translated(record, name))
    if not any(release["title"].values()):
        raise _Problem("title", "needs at least one language")
    release["image"] = _parse_image(record.get("image"))

    themes = record.get("themes") or []
    contacts = record.get("contacts") or []
    for key, value in (("themes", themes), ("contacts", contacts)):
        if not isinstance(value, list):
            raise _Problem(key, "must be a list")
    release["themes"] = [_parse_theme(theme, i) for i, theme in enumerate(themes)]
    release["contacts"] = [
        _parse_contact(contact, i, offices, units) for i, contact in enumerate(contacts)
    ]
    codes = _slug_list(record, "countries")
    for code in codes:
        if code not in all_countries:
            raise _Problem("countries", f'"{code}" is not an ISO 3166-1 alpha-2 country code')
    release["countries"] = codes
    release["related"] = _slug_list(record, "related")
    return release


def _label(index, record):
    slug = record.get("slug") if isinstance(record, dict) else None
    return f'release #{index}' + (f' (slug "{slug}")' if isinstance(slug, str) and slug else "")


def _consistent(seen, kind, item, label):
    """Themes and contacts repeat on every release naming them: every copy must agree."""
    first = seen.setdefault(item["slug"], (item, label))
    if first[0] != item:
        return (
            f'{label}: {kind} "{item["slug"]}" differs from its description in {first[1]}'
        )
    return None


def parse(data):
    """Check a whole document; return the parsed releases, themes and contacts or raise."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportFailed([f'not an {FORMAT} document (its "format" must be "{FORMAT}")'])
    if data.get("version") not in READABLE_VERSIONS:
        readable = " or ".join(map(str, READABLE_VERSIONS))
        raise ImportFailed(
            [f"unsupported version {data.get('version')!r} (this site reads version {readable})"]
        )
    records = data.get("releases")
    if not isinstance(records, list):
        raise ImportFailed(['"releases" must be a list'])

    offices = dict(Office.objects.values_list("slug", "pk"))
    units = dict(Unit.objects.values_list("slug", "pk"))
    moved = redirects.moved_slugs(NewsRelease)
    errors, releases, themes, contacts, slugs = [], [], {}, {}, {}
    for index, record in enumerate(records, start=1):
        label = _label(index, record)
        try:
            release = _parse_release(record, offices, units)
        except _Problem as problem:
            errors.append(f"{label}: {problem.field_name}: {problem.reason}")
            continue
        if release["slug"] in slugs:
            errors.append(f"{label}: slug: already used by release #{slugs[release['slug']]}")
            continue
        if release["slug"] in moved:
            errors.append(
                f'{label}: slug: an old slug of the release now at "{moved[release["slug"]]}", '
                "which its old address still leads to (use that slug to update it, or another)"
            )
            continue
        slugs[release["slug"]] = index
        for kind, seen, items in (
            ("theme", themes, release["themes"]),
            ("contact", contacts, release["contacts"]),
        ):
            for item in items:
                conflict = _consistent(seen, kind, item, label)
                if conflict:
                    errors.append(conflict)
        releases.append((label, release))
    if errors:
        raise ImportFailed(errors)
    return (
        releases,
        [item for item, _label in themes.values()],
        [item for item, _label in contacts.values()],
    )


# --- Import: writing --------------------------------------------------------------------------


def _set_translations(obj, name, values):
    for code, text in values.items():
        column = f"{name}_{code}"
        # modeltranslation's convention: an untranslated nullable column holds NULL.
        setattr(obj, column, text or (None if obj._meta.get_field(column).null else ""))


def _values(obj):
    return [getattr(obj, f.attname) for f in obj._meta.concrete_fields]


def _upsert(model, slug, assign):
    """Create or update by slug; an unchanged object is not saved, a changed one moves its
    version on (forms open on it become stale)."""
    obj = model.objects.filter(slug=slug).first()
    created = obj is None
    if created:
        obj = model(slug=slug)
    before = None if created else _values(obj)
    assign(obj)
    if created or _values(obj) != before:
        obj.updated_by = None
        obj.save()
    return obj, created


def _write_theme(theme):
    def assign(obj):
        _set_translations(obj, "name", theme["name"])
        obj.order = theme["order"]

    return _upsert(Theme, theme["slug"], assign)


def _write_contact(contact):
    def assign(obj):
        obj.name = contact["name"]
        _set_translations(obj, "role", contact["role"])
        obj.phone = contact["phone"]
        obj.email = contact["email"]
        obj.is_active = contact["active"]
        obj.office_id = contact["office"]
        obj.unit_id = contact["unit"]

    return _upsert(PressContact, contact["slug"], assign)


def _write_release(release, theme_ids, contact_ids, existing):
    obj = existing or NewsRelease(slug=release["slug"])
    created = existing is None
    for key in ("kind", "status", "original_language", "published_at", "countries"):
        setattr(obj, key, release[key])
    for name in RELEASE_TEXT_FIELDS:
        _set_translations(obj, name, release[name])
    image = release["image"]
    obj.image = image["file"]
    obj.image_credit = image["credit"]
    _set_translations(obj, "image_alt", image["alt"])
    _set_translations(obj, "image_caption", image["caption"])
    _set_translations(obj, "image_usage_terms", image["usage_terms"])
    obj.image_rights_expire_on = image["rights_expire_on"]
    # Created with the file's version, so an export and import round trip is exact; an
    # update moves past both copies' versions, so forms open on it become stale.
    if created:
        obj.version = release["version"] or 1
    else:
        obj.version = max(existing.version, release["version"] or 0) + 1
    # No person saved it: a form refused because of this write must not name the last editor.
    obj.updated_by = None
    obj.save()
    obj.themes.set([theme_ids[theme["slug"]] for theme in release["themes"]])
    ReleaseContact.objects.filter(release=obj).delete()
    ReleaseContact.objects.bulk_create(
        ReleaseContact(release=obj, contact_id=contact_ids[contact["slug"]], order=order)
        for order, contact in enumerate(release["contacts"])
    )
    return obj, created


def _comparable(release):
    values = {key: value for key, value in release.items() if key != "version"}
    values["related"] = sorted(values["related"])
    return values


def _refusal(label, release, existing):
    """Why a record must not overwrite the release on the site, or None.

    Called for a record that differs from the site's copy. With versions, a site copy changed
    since the export (a higher version) is refused. A version 1 file carries none, so nothing
    says which copy is newer: the site's is kept."""
    if release["version"] is None:
        return (
            f"{label}: refused: the release exists on the site and differs, and the file does "
            "not say which version it was exported from"
        )
    if existing.version > release["version"]:
        return (
            f"{label}: refused: the site's copy is at version {existing.version}, newer than "
            f"the file's version {release['version']} (changed since the export)"
        )
    return None


def _existing(releases, offices, units):
    """{slug: (release on the site, whether its content equals the record)}."""
    slugs = [release["slug"] for _label, release in releases]
    found = {}
    # Locked until the import commits: no admin save slips in between check and write.
    for obj in export_queryset().filter(slug__in=slugs).select_for_update(of=("self",)):
        try:
            stored = _parse_release(release_record(obj), offices, units)
        except _Problem:
            stored = None
        found[obj.slug] = (obj, stored)
    return {
        release["slug"]: (
            found[release["slug"]][0],
            found[release["slug"]][1] is not None
            and _comparable(found[release["slug"]][1]) == _comparable(release),
        )
        for _label, release in releases
        if release["slug"] in found
    }


def _backdating(label, release, existing):
    """Why a record must not make a release public under an old date unasked, or None."""
    moment = publishing.backdated_time(
        release["status"], release["published_at"], before=existing
    )
    if moment is None:
        return None
    return (
        f"{label}: published_at: {moment.isoformat()} is more than an hour ago: the release "
        "would become public dated then, listed under that date and announced to nobody "
        "(import with --allow-backdated if that is meant)"
    )


def import_releases(data, progress=None, force=False, allow_backdated=False):
    """Create or update (by slug) every release of `data`; all or nothing for invalid files.

    A release already on the site and newer than the file's copy is left alone and named in
    `ImportResult.refused`, unless `force`. A record that would make a release public with a
    public time more than an hour ago (core.publishing.backdated_time) fails the import unless
    `allow_backdated`: archives are imported on purpose, a mistyped year is not."""
    releases, themes, contacts = parse(data)
    result = ImportResult()
    offices = dict(Office.objects.values_list("slug", "pk"))
    units = dict(Unit.objects.values_list("slug", "pk"))
    with transaction.atomic(), revision(source=SOURCE):
        existing = _existing(releases, offices, units)
        theme_ids = {}
        for theme in themes:
            obj, created = _write_theme(theme)
            theme_ids[obj.slug] = obj.pk
            result.themes_created += created
            result.themes_updated += not created
        contact_ids = {}
        for contact in contacts:
            obj, created = _write_contact(contact)
            contact_ids[obj.slug] = obj.pk
            result.contacts_created += created
            result.contacts_updated += not created

        items = progress(releases, len(releases)) if progress else releases
        saved, backdated = [], []
        for label, release in items:
            obj, same = existing.get(release["slug"], (None, False))
            if same:
                result.releases_unchanged += 1
                continue
            refusal = None if force or obj is None else _refusal(label, release, obj)
            if refusal:
                result.refused.append(refusal)
                continue
            problem = None if allow_backdated else _backdating(label, release, obj)
            if problem:
                backdated.append(problem)
                continue
            obj, created = _write_release(release, theme_ids, contact_ids, obj)
            saved.append((label, release, obj))
            result.releases_created += created
            result.releases_updated += not created

        if backdated:
            raise ImportFailed(backdated)
        # Related releases may point forward in the file, so they are linked once all exist.
        errors = []
        for label, release, obj in saved:
            wanted = release["related"]
            found = dict(NewsRelease.objects.filter(slug__in=wanted).values_list("slug", "pk"))
            missing = [slug for slug in wanted if slug not in found]
            if missing:
                errors.append(f'{label}: related: no release with slug "{missing[0]}"')
                continue
            obj.related.set(found.values())
        if errors:
            raise ImportFailed(errors)
        activity.record(
            activity.Action.IMPORT,
            source=SOURCE,
            details=(
                f"created {result.releases_created}, updated {result.releases_updated}, "
                f"unchanged {result.releases_unchanged}, refused {len(result.refused)}"
                + (" (forced)" if force else "")
                + (" (backdating allowed)" if allow_backdated else "")
            ),
        )
    return result
