"""Alerts in the reader's language: languages ranked on the forms (plain selects, in the
policy's number), each release sent in the first ranked language it is published in by the
translation-state rule, withdrawal notices in the language the release was received in, and
every e-mail wholly in its language (subject, HTML `lang`, text). E-mails go through a real
SMTP server."""

import importlib
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from alerts.announce import announce_due
from alerts.models import Delivery, Subscriber
from alerts.tokens import manage_token
from core.language_policy import DEFAULT_LANGUAGE, LANGUAGE_CODES
from newsroom import services
from tests.alerts.conftest import sign_up, subscribe_and_confirm, work
from tests.alerts.smtp import html_part, text_part
from tests.factories import make_published_release
from tests.html import element, elements, parse

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.smtp, pytest.mark.clock]


def confirmed(client, smtp, email, languages, **choices):
    subscribe_and_confirm(client, email, languages, smtp=smtp, **choices)
    return Subscriber.objects.get(email=email)


def alerts(smtp, address):
    return [m for m in smtp.inbox.to(address) if "List-Unsubscribe" in m]


def french_original(**fields):
    """A release written in French, with a complete English translation."""
    values = dict(
        original_language="fr",
        title_fr="Les migrants au cœur de la riposte", lead_fr="L’OIM appelle à agir.",
        body_fr="<p>Le texte.</p>", dateline_fr="Genève",
        title_en="Migrants at the heart of the response", lead_en="IOM calls for action.",
        body_en="<p>The text.</p>", dateline_en="Geneva",
        published_at=timezone.now(),
    )
    values.update(fields)
    return make_published_release(**values)


def form_selects(page):
    """The language selects of a form, in the page's order: [(label text, options, chosen)]."""
    tree = parse(page)
    found = []
    for select in elements(tree, "select", name="languages"):
        label = element(tree, "label", for_=select.attrs["id"])
        options = [option.attrs["value"] for option in elements(select, "option")]
        chosen = [option.attrs["value"] for option in elements(select, "option", selected=True)]
        found.append((label.text, options, chosen))
    return found


# --- The forms -------------------------------------------------------------------------------


def test_the_sign_up_form_ranks_every_language_of_the_policy_in_selects(client):
    with override("fr"):
        page = client.get(reverse("alerts:subscribe"))
    selects = form_selects(page)
    # One select per language of the policy, each labelled, the page's language first.
    assert len(selects) == len(LANGUAGE_CODES)
    assert [label for label, _o, _c in selects][:2] == ["1er choix", "2e choix"]
    first_options, first_chosen = selects[0][1], selects[0][2]
    assert first_options == list(LANGUAGE_CODES) and first_chosen == ["fr"]
    for _label, options, chosen in selects[1:]:
        assert options == ["", *LANGUAGE_CODES] and chosen in ([], [""])
    assert elements(page, "legend", text=re.compile("ordre de préférence"))
    assert "premier choix" in element(page, id="id_languages_helptext").text


def test_the_ranking_is_kept_in_the_order_chosen(client):
    """A browser sends the selects in the page's order, empty ones as "": the 1st choice
    French and the 3rd English (the 2nd left empty) rank French, then English."""
    subscribe_and_confirm(client, "fr@example.org", ["fr", "", "en"])
    assert Subscriber.objects.get().languages == ["fr", "en"]


def test_a_language_chosen_twice_is_refused_with_a_clear_message(client):
    response = sign_up(client, "twice@example.org", ["fr", "fr"])
    assert response.status_code == 400
    assert "Choose each language once" in element(response, role="alert").text
    work()
    assert not Subscriber.objects.exists()


def test_the_manage_page_shows_and_changes_the_ranking(client):
    subscribe_and_confirm(client, "a@example.org", ["es", "fr"])
    subscriber = Subscriber.objects.get()
    path = reverse("alerts:manage", args=[manage_token(subscriber)])
    chosen = [c for _label, _o, c in form_selects(client.get(path))]
    assert chosen[:2] == [["es"], ["fr"]]
    response = client.post(path, {"languages": ["en", "es", ""]})
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.languages == ["en", "es"]


# --- Which language each alert comes in ------------------------------------------------------


def test_a_french_journalist_gets_a_french_original_in_french(client, smtp):
    """The trap: French ticked first (pre-ticked on /fr/) and English second arrived in
    English. Ranked, it comes in French, and the e-mail says why."""
    confirmed(client, smtp, "journaliste@example.org", ["fr", "en"])
    confirmed(client, smtp, "reporter@example.org", ["en", "fr"])
    french_original()
    work()
    [french] = alerts(smtp, "journaliste@example.org")
    assert french["Subject"] == "Les migrants au cœur de la riposte"
    assert french["Content-Language"] == "fr"
    assert "Langue de ce courriel : Français" in text_part(french)
    [english] = alerts(smtp, "reporter@example.org")
    assert english["Subject"] == "Migrants at the heart of the response"


@pytest.mark.parametrize("english", [
    # Missing: a title alone is no translation (its lead and body are not there).
    {"title_en": "Migrants at the heart", "lead_en": "", "body_en": ""},
    # Out of date: the French original changed after the English was made.
    "stale",
])
def test_a_missing_or_stale_translation_does_not_count(client, smtp, english):
    confirmed(client, smtp, "reporter@example.org", ["en", "es"])
    if english == "stale":
        release = french_original()
        release.body_fr = "<p>Le texte, avec un chiffre corrigé.</p>"
        release.save()
    else:
        french_original(**english)
    work()
    [message] = alerts(smtp, "reporter@example.org")
    # Neither English nor Spanish: the original, and the e-mail says so.
    assert message["Content-Language"] == "fr"
    assert message["Subject"] == "Les migrants au cœur de la riposte"
    assert "n’est publié dans aucune de vos langues (Anglais, Espagnol)" in text_part(message)
    assert element(html_part(message), "html").attrs["lang"] == "fr"


# --- Corrections and withdrawals -------------------------------------------------------------


def test_a_withdrawal_sends_a_notice_to_those_who_received_the_release(client, smtp):
    confirmed(client, smtp, "fr@example.org", ["fr"])
    confirmed(client, smtp, "en@example.org", ["en"])
    confirmed(client, smtp, "stories@example.org", ["en"], kinds=["story"])
    release = french_original(slug="riposte")
    work()
    late = confirmed(client, smtp, "late@example.org", ["fr"])
    services.withdraw(release, {"fr": "Chiffres erronés.", "en": "Wrong figures."})
    work()
    work()  # once only
    french = alerts(smtp, "fr@example.org")
    english = alerts(smtp, "en@example.org")
    assert len(french) == len(english) == 2
    notice = french[1]
    assert notice["Subject"] == "Retiré : Les migrants au cœur de la riposte"
    assert element(html_part(notice), "html").attrs["lang"] == "fr"
    assert "Chiffres erronés." in text_part(notice)
    assert "Merci de ne plus l’utiliser" in text_part(notice)
    assert english[1]["Subject"] == "Withdrawn: Migrants at the heart of the response"
    assert "Wrong figures." in text_part(english[1])
    # Those who never received it get nothing.
    assert alerts(smtp, "stories@example.org") == []
    assert alerts(smtp, late.email) == []


def test_a_withdrawal_notice_comes_in_the_language_the_release_was_received_in(client, smtp):
    subscriber = confirmed(client, smtp, "a@example.org", ["fr"])
    release = french_original()
    work()
    # Choices changed since: the notice still follows what was received.
    subscriber.languages = ["es"]
    subscriber.save()
    services.withdraw(release, {"fr": "Doublon."})
    work()
    notice = alerts(smtp, "a@example.org")[1]
    assert notice["Content-Language"] == "fr" and "Doublon." in text_part(notice)


def test_a_release_reinstated_before_its_notice_went_out_sends_none(client, smtp):
    confirmed(client, smtp, "a@example.org", ["en"])
    release = french_original()
    work()
    services.withdraw(release, {"en": "By mistake."})
    announce_due()  # the notice is queued…
    services.reinstate(release)  # …and the release is back before it leaves
    work()
    assert len(alerts(smtp, "a@example.org")) == 1
    assert Delivery.objects.filter(kind="withdrawal").get().status == "cancelled"


def test_a_correction_comes_in_the_language_the_release_was_received_in(client, smtp):
    confirmed(client, smtp, "fr@example.org", ["fr", "en"])
    release = french_original()
    work()
    services.add_correction(release, {"fr": "Le chiffre est 1 200.", "en": "The figure is 1,200."})
    work()
    correction = alerts(smtp, "fr@example.org")[1]
    assert correction["Subject"] == "Rectificatif : Les migrants au cœur de la riposte"
    assert "Le chiffre est 1 200." in text_part(correction)


# --- Every e-mail wholly in its language -----------------------------------------------------


def english_phrases(language):
    """The English source phrases of the site's catalogue that `language` translates otherwise
    (split at their placeholders, long enough not to be a name): none may appear in an e-mail
    in `language`."""
    po = polib.pofile(str(Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" /
                          "django.po"))
    phrases = set()
    for entry in po.translated_entries():
        if entry.msgstr == entry.msgid:
            continue
        for piece in re.split(r"%\(\w+\)[sd]|\{\{.*?\}\}|%[sd]", entry.msgid):
            piece = piece.strip(" :.,;()–-")
            if len(piece) >= 12:
                phrases.add(piece)
    return phrases


@pytest.mark.parametrize("language", [code for code in LANGUAGE_CODES if code != DEFAULT_LANGUAGE])
def test_every_email_is_wholly_in_its_language(client, smtp, language):
    address = f"{language}@example.org"
    with override(language):  # signed up on the page in that language
        subscribe_and_confirm(client, address, [language], smtp=smtp)
    release = make_published_release(
        original_language=language, published_at=timezone.now(),
        **{f"{field}_{language}": f"{field} {language}" for field in ("title", "lead", "body")},
    )
    work()
    services.add_correction(release, {language: f"note {language}"})
    work()
    services.withdraw(release, {language: f"reason {language}"})
    work()
    messages = smtp.inbox.to(address)
    assert len(messages) == 4  # confirmation, alert, correction, withdrawal
    english = english_phrases(language)
    for message in messages:
        assert message["Content-Language"] == language
        html = html_part(message)
        assert element(html, "html").attrs["lang"] == language
        for part in (message["Subject"], text_part(message), html):
            leaks = sorted(phrase for phrase in english if phrase in part)
            assert not leaks, (message["Subject"], leaks)


# --- Existing subscribers --------------------------------------------------------------------


def test_existing_subscribers_keep_their_ticked_languages_as_a_ranking():
    migration = importlib.import_module("alerts.migrations.0004_languages_ranked")
    from django.apps import apps

    ticked = {
        "boxes@example.org": list(reversed(LANGUAGE_CODES)),  # any order: the policy's
        "none@example.org": [],
        "odd@example.org": ["xx", LANGUAGE_CODES[1], LANGUAGE_CODES[1]],
    }
    for email, languages in ticked.items():
        Subscriber.objects.create(email=email, languages=languages, confirmed_at=timezone.now())
    migration.rank_ticked_languages(apps, None)
    ranked = dict(Subscriber.objects.values_list("email", "languages"))
    assert ranked == {
        "boxes@example.org": list(LANGUAGE_CODES),
        "none@example.org": [DEFAULT_LANGUAGE],
        "odd@example.org": [LANGUAGE_CODES[1]],
    }
