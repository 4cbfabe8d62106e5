"""A press contact's vCard: a valid vCard 3.0 download, and only for contacts the public sees."""

import pytest

from tests.factories import (
    attach_contact,
    make_contact,
    make_draft_release,
    make_office,
    make_organisation,
    make_published_release,
)
from tests.i18n import url_in

pytestmark = pytest.mark.django_db


def vcard_url(contact, lang="en"):
    return url_in(lang, "newsroom:contact_vcard", slug=contact.slug)


def unfold(text):
    """Content lines as RFC 2426 defines them: CRLF followed by a space continues a line."""
    return text.replace("\r\n ", "").split("\r\n")


def test_vcard_is_a_download_with_the_right_type(client):
    """The card comes as text/vcard in UTF-8, as an attachment named after the contact."""
    contact = make_contact(slug="leonard-doyle")
    response = client.get(vcard_url(contact))
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="leonard-doyle.vcf"'


def test_vcard_holds_the_contact_properties(client):
    """FN, N, ORG, TITLE, TEL (E.164) and EMAIL, between BEGIN and END, version 3.0."""
    make_organisation()
    contact = make_contact(
        name="Leonard Doyle",
        role_en="Spokesperson",
        office=make_office(name_en="Headquarters"),
        phone="+41 79 285 71 23",
        email="ldoyle@example.org",
    )
    lines = unfold(client.get(vcard_url(contact)).content.decode())
    assert lines[:2] == ["BEGIN:VCARD", "VERSION:3.0"]
    assert lines[-2:] == ["END:VCARD", ""]
    assert "FN:Leonard Doyle" in lines
    assert "N:Doyle;Leonard;;;" in lines
    assert "ORG:International Organization for Migration;Headquarters" in lines
    assert "TITLE:Spokesperson" in lines
    assert "TEL;TYPE=work,voice:+41792857123" in lines
    assert "EMAIL;TYPE=internet,work:ldoyle@example.org" in lines


def test_vcard_lines_end_with_crlf(client):
    """Every line ends with CRLF and no bare LF is left."""
    body = client.get(vcard_url(make_contact())).content.decode()
    assert body.endswith("\r\n")
    assert "\n" not in body.replace("\r\n", "")


def test_vcard_escapes_separators_and_line_breaks(client):
    """Commas, semicolons, backslashes and newlines in values are escaped."""
    contact = make_contact(name="Doyle, Jr; A\\B", role_en="Press\nofficer, Geneva")
    lines = unfold(client.get(vcard_url(contact)).content.decode())
    assert "FN:Doyle\\, Jr\\; A\\\\B" in lines
    assert "TITLE:Press\\nofficer\\, Geneva" in lines


def test_vcard_folds_long_lines_without_breaking_characters(client):
    """Lines over 75 octets are folded, never inside a UTF-8 character, and unfold intact."""
    role = "Chargée de communication régionale pour l’Afrique de l’Ouest et du Centre — é" * 2
    contact = make_contact(role_fr=role)
    raw = client.get(vcard_url(contact, "fr")).content
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    text = raw.decode("utf-8")  # would fail if a fold split a character
    assert f"TITLE:{role}" in unfold(text)


def test_vcard_role_in_the_url_language(client):
    """The card's TITLE is the role in the language of its URL."""
    contact = make_contact(role_en="Media officer", role_es="Oficial de prensa")
    body = client.get(vcard_url(contact, "es")).content.decode()
    assert "TITLE:Oficial de prensa" in unfold(body)


def test_vcard_of_unknown_contact_is_404(client):
    """An unknown slug answers 404."""
    assert client.get("/en/media-contacts/nobody.vcf").status_code == 404


def test_vcard_of_retired_contact_on_no_public_release_is_404(client):
    """A retired contact that no public release names has no public card."""
    contact = make_contact(is_active=False)
    attach_contact(make_draft_release(), contact)
    assert client.get(vcard_url(contact)).status_code == 404


def test_vcard_of_retired_contact_named_on_public_release_downloads(client):
    """A retired contact still named on a public release keeps a working card there."""
    contact = make_contact(is_active=False)
    attach_contact(make_published_release(), contact)
    assert client.get(vcard_url(contact)).status_code == 200
