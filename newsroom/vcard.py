"""vCard 3.0 (RFC 2426) for a press contact, the version every phone and mail client imports.

Written here rather than through a library: a contact card is six properties, and the rules
that matter (escaping, CRLF, folding at 75 octets) fit in a few lines.
"""

from core.i18n import translated

CRLF = "\r\n"


def escape(text):
    """Text value escaping: backslash first, then the separators and line breaks."""
    return (
        str(text)
        .replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line, limit=75):
    """Split a content line into chunks of at most `limit` octets, never inside a UTF-8
    character; continuation lines start with a space."""
    chunks, current, size = [], "", 0
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            chunks.append(current)
            # The leading space of a continuation line counts towards its octets.
            current, size = " ", 1
        current += char
        size += width
    chunks.append(current)
    return CRLF.join(chunks)


def split_name(name):
    """(family, given) for the structured N property: the last word is taken as the family
    name, which fits most names; FN always carries the name exactly as written."""
    given, _space, family = name.strip().rpartition(" ")
    return family, given


def contact_vcard(contact, organisation_name=""):
    family, given = split_name(contact.name)
    role = translated(contact, "role").value
    org = [organisation_name, contact.office.name if contact.office else ""]
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"N:{escape(family)};{escape(given)};;;",
        f"FN:{escape(contact.name)}",
    ]
    if any(org):
        lines.append("ORG:" + ";".join(escape(part) for part in org if part))
    if role:
        lines.append(f"TITLE:{escape(role)}")
    if contact.phone:
        lines.append(f"TEL;TYPE=work,voice:{contact.phone.as_e164}")
    if contact.email:
        lines.append(f"EMAIL;TYPE=internet,work:{escape(contact.email)}")
    lines.append("END:VCARD")
    return "".join(fold(line) + CRLF for line in lines)
