"""What the release add/change form in the admin posts, as a browser would send it."""

from core.language_policy import LANGUAGE_CODES as LANGUAGES


def release_post_data(contacts=(), **fields):
    """POST data for the release admin form; `contacts` is a list of (contact, order)."""
    data = {
        "kind": "press-release",
        "original_language": "en",
        "slug": "a-release",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "image_credit": "",
        "releasecontact_set-TOTAL_FORMS": str(len(contacts)),
        "releasecontact_set-INITIAL_FORMS": "0",
        "releasecontact_set-MIN_NUM_FORMS": "0",
        "releasecontact_set-MAX_NUM_FORMS": "1000",
    }
    for code in LANGUAGES:
        for field in ("title", "dateline", "lead", "body", "image_alt", "image_caption"):
            data[f"{field}_{code}"] = ""
    data["title_en"] = "A release"
    for index, (contact, order) in enumerate(contacts):
        data[f"releasecontact_set-{index}-contact"] = str(contact.pk)
        data[f"releasecontact_set-{index}-order"] = str(order)
    data.update(fields)
    return data
