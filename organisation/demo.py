"""Demo content for the organisation, from the seed page (shared/seeds/000_1f70ac61dc45ac0b.txt).

The French texts are the seed's, character for character; English and Spanish are faithful
translations. People and dates are public facts (IOM's leadership); where a fact was not
certain it was left out rather than invented (the Deputy Director General for Management and
Reform is shown without a holder). Everything is keyed on slugs, so loading twice changes
nothing.
"""

import io
from datetime import date

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from core.images import validate_image
from core.language_policy import LANGUAGE_CODES

from .models import MenuItem, Office, Organisation, Page, Person, Position, Region, Unit

WHO_WE_ARE = {
    "fr": (
        "L'Organisation internationale pour les migrations (OIM) fait partie du système des "
        "Nations Unies et est la première organisation intergouvernementale à promouvoir "
        "depuis 1951 une migration humaine et ordonnée qui profite à tous, composée de 175 "
        "Etats membres et présente dans 171 pays."
    ),
    "en": (
        "The International Organization for Migration (IOM) is part of the United Nations "
        "System and is the leading intergovernmental organization promoting, since 1951, "
        "humane and orderly migration for the benefit of all, with 175 member states and a "
        "presence in 171 countries."
    ),
    "es": (
        "La Organización Internacional para las Migraciones (OIM) forma parte del Sistema de "
        "las Naciones Unidas y es la principal organización intergubernamental que promueve, "
        "desde 1951, una migración humana y ordenada que beneficia a todos, con 175 Estados "
        "Miembros y presencia en 171 países."
    ),
}

OUR_WORK = {
    "fr": (
        "En tant que principale organisation intergouvernementale qui promeut depuis 1951 une "
        "migration humaine et ordonnée, l'OIM joue un rôle clé pour soutenir la réalisation du "
        "Programme 2030 à travers différents domaines d'intervention qui relient à la fois "
        "l'aide humanitaire et le développement durable."
    ),
    "en": (
        "As the leading intergovernmental organization promoting humane and orderly migration "
        "since 1951, IOM plays a key role in supporting the achievement of the 2030 Agenda "
        "through different areas of intervention that connect both humanitarian assistance and "
        "sustainable development."
    ),
    "es": (
        "Como principal organización intergubernamental que promueve desde 1951 una migración "
        "humana y ordenada, la OIM desempeña un papel clave en el apoyo a la consecución de la "
        "Agenda 2030 a través de diferentes ámbitos de intervención que vinculan la asistencia "
        "humanitaria y el desarrollo sostenible."
    ),
}

ORGANISATION = {
    "name_en": "International Organization for Migration",
    "name_fr": "Organisation internationale pour les migrations",
    "name_es": "Organización Internacional para las Migraciones",
    "acronym_en": "IOM",
    "acronym_fr": "OIM",
    "acronym_es": "OIM",
    "description_en": WHO_WE_ARE["en"],
    "description_fr": WHO_WE_ARE["fr"],
    "description_es": WHO_WE_ARE["es"],
    "headquarters_en": "Geneva, Switzerland",
    "headquarters_fr": "Genève, Suisse",
    "headquarters_es": "Ginebra, Suiza",
    "founded_year": 1951,
    "member_states": 175,
    "countries_with_presence": 171,
    "email": "hq@iom.int",
}

# (slug_en, slug_fr, slug_es), (title_en, title_fr, title_es), summary, parent slug_en.
# Titles in French are the seed's, as written there ("2030 AGENDA" included).
PAGES = [
    (("who-we-are", "qui-sommes-nous", "quienes-somos"),
     ("Who we are", "Qui sommes nous", "Quiénes somos"), WHO_WE_ARE, None),
    (("our-work", "notre-travail", "nuestro-trabajo"),
     ("Our work", "Notre travail", "Nuestro trabajo"), OUR_WORK, None),
    (("what-we-do", "ce-que-nous-faisons", "lo-que-hacemos"),
     ("What we do", "Ce que nous faisons", "Lo que hacemos"), None, "our-work"),
    (("partnerships", "partenariats", "alianzas"),
     ("Partnerships", "Partenariats", "Alianzas"), None, "our-work"),
    (("take-action", "agir", "actuar"),
     ("Take action", "Agir", "Actuar"), None, None),
    (("work-with-us", "travailler-avec-nous", "trabaje-con-nosotros"),
     ("Work with us", "Travailler avec nous", "Trabaje con nosotros"), None, "take-action"),
    (("get-involved", "engagez-vous", "involucrese"),
     ("Get involved", "Engagez-vous", "Involúcrese"), None, "take-action"),
    (("data-and-research", "donnees-et-recherche", "datos-e-investigacion"),
     ("Data and research", "Données et recherche", "Datos e investigación"), None, None),
    (("2030-agenda", "agenda-2030", "agenda-2030"),
     ("2030 Agenda", "2030 AGENDA", "Agenda 2030"), None, None),
]

# The newsroom's standards, written for the demo (not the seed's): the pages the releases'
# structured data names as the publisher's corrections policy, ethics policy and publishing
# principles (Organisation.POLICIES). Not in the menu.
POLICY_PAGES = [
    ("corrections_policy",
     ("corrections-policy", "politique-de-rectification", "politica-de-correcciones"),
     ("Corrections policy", "Politique de rectification", "Política de correcciones"),
     ("When a release contains an error of fact, we correct it as soon as we know, and say so: "
      "a dated note under the release tells readers what changed and why. A release that "
      "should not have been published is withdrawn, and its address says so.",
      "Lorsqu’un communiqué contient une erreur factuelle, nous la rectifions dès que nous en "
      "avons connaissance, et nous le disons : une note datée sous le communiqué indique ce qui "
      "a changé et pourquoi. Un communiqué qui n’aurait pas dû être publié est retiré, et son "
      "adresse l’indique.",
      "Cuando un comunicado contiene un error de hecho, lo corregimos en cuanto lo sabemos, y "
      "lo decimos: una nota fechada bajo el comunicado indica qué cambió y por qué. Un "
      "comunicado que no debió publicarse se retira, y su dirección lo indica.")),
    ("ethics_policy",
     ("ethics-policy", "charte-ethique", "politica-etica"),
     ("Ethics policy", "Charte éthique", "Política ética"),
     ("We report accurately and fairly, protect the dignity, safety and privacy of migrants and "
      "of the people we speak with, seek informed consent before naming or picturing anyone, "
      "and never publish what could put a person at risk.",
      "Nous informons avec exactitude et équité, protégeons la dignité, la sécurité et la vie "
      "privée des migrants et des personnes que nous interrogeons, demandons un consentement "
      "éclairé avant de nommer ou de photographier quiconque, et ne publions jamais ce qui "
      "pourrait mettre une personne en danger.",
      "Informamos con exactitud e imparcialidad, protegemos la dignidad, la seguridad y la "
      "privacidad de las personas migrantes y de quienes entrevistamos, pedimos un "
      "consentimiento informado antes de nombrar o fotografiar a alguien, y nunca publicamos "
      "lo que pueda poner a una persona en peligro.")),
    ("publishing_principles",
     ("publishing-principles", "principes-de-publication", "principios-de-publicacion"),
     ("Publishing principles", "Principes de publication", "Principios de publicación"),
     ("Releases are written by the press office, checked by the regional office concerned and "
      "cleared by the spokesperson before publication, in the six official languages where "
      "we can. Each release says in which language it was written and when it was translated.",
      "Les communiqués sont rédigés par le service de presse, vérifiés par le bureau régional "
      "concerné et validés par le porte-parole avant publication, dans les six langues "
      "officielles lorsque c’est possible. Chaque communiqué indique sa langue d’origine et "
      "la date de sa traduction.",
      "Los comunicados los redacta la oficina de prensa, los verifica la oficina regional "
      "correspondiente y los aprueba el portavoz antes de su publicación, en los seis idiomas "
      "oficiales cuando es posible. Cada comunicado indica en qué idioma se escribió y cuándo "
      "se tradujo.")),
]

# The seed's org chart, in its order: the Director General, and under her the rest.
UNITS = [
    ("director-general", Unit.Kind.DIRECTOR_GENERAL, None,
     ("Director General", "Directrice générale", "Directora General")),
    ("ddg-management-and-reform", Unit.Kind.DEPUTY, "director-general",
     ("Deputy Director General for Management and Reform",
      "Directrice générale adjointe chargée de la gestion et des réformes",
      "Directora General Adjunta de Gestión y Reforma")),
    ("ddg-operations", Unit.Kind.DEPUTY, "director-general",
     ("Deputy Director General for Operations",
      "Directrice générale adjointe chargée des opérations",
      "Directora General Adjunta de Operaciones")),
    ("office-of-the-chief-of-staff", Unit.Kind.OFFICE, "director-general",
     ("Office of the Chief of Staff", "Bureau du Chef de Cabinet",
      "Oficina del Jefe de Gabinete")),
    ("office-of-partnerships-advocacy-and-communication", Unit.Kind.OFFICE, "director-general",
     ("Office of Partnerships, Advocacy and Communication",
      "Bureau des partenariats, de la sensibilisation et de la communication",
      "Oficina de Alianzas, Promoción y Comunicación")),
    ("office-of-strategy-and-institutional-performance", Unit.Kind.OFFICE, "director-general",
     ("Office of Strategy and Institutional Performance",
      "Bureau de la stratégie et de la performance institutionnelle",
      "Oficina de Estrategia y Desempeño Institucional")),
]

PEOPLE = [
    {
        "slug": "amy-pope",
        "name": "Amy Pope",
        "colour": "#2f5d8a",
        "biography": {
            "en": "<p>Amy Pope took office as Director General of the International "
                  "Organization for Migration on 1 October 2023, the first woman to lead the "
                  "Organization. She was previously its Deputy Director General for Management "
                  "and Reform. Before joining IOM she was Senior Migration Advisor to the "
                  "President of the United States, and earlier Deputy Homeland Security "
                  "Advisor at the White House.</p>",
            "fr": "<p>Amy Pope a pris ses fonctions de Directrice générale de l'Organisation "
                  "internationale pour les migrations le 1er octobre 2023 ; elle est la "
                  "première femme à diriger l'Organisation. Elle en était auparavant la "
                  "Directrice générale adjointe chargée de la gestion et des réformes. Avant "
                  "de rejoindre l'OIM, elle a été conseillère principale pour les migrations "
                  "du Président des États-Unis et, auparavant, conseillère adjointe à la "
                  "sécurité intérieure à la Maison Blanche.</p>",
            "es": "<p>Amy Pope asumió el cargo de Directora General de la Organización "
                  "Internacional para las Migraciones el 1 de octubre de 2023; es la primera "
                  "mujer que dirige la Organización. Anteriormente fue su Directora General "
                  "Adjunta de Gestión y Reforma. Antes de incorporarse a la OIM fue Asesora "
                  "Principal de Migración del Presidente de los Estados Unidos y, antes, "
                  "Asesora Adjunta de Seguridad Nacional en la Casa Blanca.</p>",
        },
        "positions": [
            ("director-general", date(2023, 10, 1), None,
             ("Director General", "Directrice générale", "Directora General")),
        ],
    },
    {
        "slug": "antonio-vitorino",
        "name": "António Vitorino",
        "colour": "#6b4f2f",
        "biography": {
            "en": "<p>António Vitorino, of Portugal, was Director General of the International "
                  "Organization for Migration from 1 October 2018 to 30 September 2023.</p>",
            "fr": "<p>António Vitorino, de nationalité portugaise, a été Directeur général de "
                  "l'Organisation internationale pour les migrations du 1er octobre 2018 au "
                  "30 septembre 2023.</p>",
            "es": "<p>António Vitorino, de Portugal, fue Director General de la Organización "
                  "Internacional para las Migraciones del 1 de octubre de 2018 al 30 de "
                  "septiembre de 2023.</p>",
        },
        "positions": [
            ("director-general", date(2018, 10, 1), date(2023, 9, 30),
             ("Director General", "Directeur général", "Director General")),
        ],
    },
    {
        "slug": "ugochi-daniels",
        "name": "Ugochi Daniels",
        "colour": "#2f7a5d",
        "biography": {
            "en": "<p>Ugochi Daniels, of Nigeria, has been Deputy Director General for "
                  "Operations since September 2021. She was previously Chief of Staff at "
                  "UNRWA and United Nations Resident Coordinator in the Islamic Republic of "
                  "Iran, after a long career with UNFPA.</p>",
            "fr": "<p>Ugochi Daniels, de nationalité nigériane, est Directrice générale "
                  "adjointe chargée des opérations depuis septembre 2021. Elle a auparavant "
                  "été cheffe de cabinet de l'UNRWA et coordinatrice résidente des Nations "
                  "Unies en République islamique d'Iran, après une longue carrière au "
                  "FNUAP.</p>",
            "es": "<p>Ugochi Daniels, de Nigeria, es Directora General Adjunta de Operaciones "
                  "desde septiembre de 2021. Anteriormente fue Jefa de Gabinete del OOPS y "
                  "Coordinadora Residente de las Naciones Unidas en la República Islámica del "
                  "Irán, tras una larga carrera en el UNFPA.</p>",
        },
        "positions": [
            ("ddg-operations", date(2021, 9, 1), None,
             ("Deputy Director General for Operations",
              "Directrice générale adjointe chargée des opérations",
              "Directora General Adjunta de Operaciones")),
        ],
    },
]

REGIONS = [
    ("europe", ("Europe", "Europe", "Europa")),
    ("africa", ("Africa", "Afrique", "África")),
    ("americas", ("The Americas", "Amériques", "Américas")),
    ("asia-pacific", ("Asia and the Pacific", "Asie et Pacifique", "Asia y el Pacífico")),
    ("middle-east-north-africa",
     ("Middle East and North Africa", "Moyen-Orient et Afrique du Nord",
      "Oriente Medio y Norte de África")),
]

# slug, region, kind, country, (name en/fr/es), (city en/fr/es), extra fields.
# Contact details only where they are the organisation's published ones (headquarters).
OFFICES = [
    ("headquarters-geneva", "europe", Office.Kind.HEADQUARTERS, "CH",
     ("Headquarters", "Siège", "Sede"), ("Geneva", "Genève", "Ginebra"),
     {"address": "17 route des Morillons\n1211 Genève 19", "phone": "+41227179111",
      "email": "hq@iom.int"}),
    ("regional-office-brussels", "europe", Office.Kind.REGIONAL, "BE",
     ("Regional Office for the European Economic Area, the EU and NATO",
      "Bureau régional pour l'Espace économique européen, l'UE et l'OTAN",
      "Oficina Regional para el Espacio Económico Europeo, la UE y la OTAN"),
     ("Brussels", "Bruxelles", "Bruselas"), {}),
    ("regional-office-vienna", "europe", Office.Kind.REGIONAL, "AT",
     ("Regional Office for South-Eastern Europe, Eastern Europe and Central Asia",
      "Bureau régional pour l'Europe du Sud-Est, l'Europe orientale et l'Asie centrale",
      "Oficina Regional para Europa Sudoriental, Europa Oriental y Asia Central"),
     ("Vienna", "Vienne", "Viena"), {}),
    ("regional-office-dakar", "africa", Office.Kind.REGIONAL, "SN",
     ("Regional Office for West and Central Africa",
      "Bureau régional pour l'Afrique de l'Ouest et du Centre",
      "Oficina Regional para África Occidental y Central"),
     ("Dakar", "Dakar", "Dakar"), {}),
    ("regional-office-nairobi", "africa", Office.Kind.REGIONAL, "KE",
     ("Regional Office for East and Horn of Africa",
      "Bureau régional pour l'Afrique de l'Est et la Corne de l'Afrique",
      "Oficina Regional para África Oriental y el Cuerno de África"),
     ("Nairobi", "Nairobi", "Nairobi"), {}),
    ("country-office-nigeria", "africa", Office.Kind.COUNTRY, "NG",
     ("Country Office in Nigeria", "Bureau de pays au Nigéria", "Oficina en Nigeria"),
     ("Abuja", "Abuja", "Abuja"), {}),
    ("regional-office-san-jose", "americas", Office.Kind.REGIONAL, "CR",
     ("Regional Office for Central America, North America and the Caribbean",
      "Bureau régional pour l'Amérique centrale, l'Amérique du Nord et les Caraïbes",
      "Oficina Regional para Centroamérica, Norteamérica y el Caribe"),
     ("San José", "San José", "San José"), {}),
    ("regional-office-buenos-aires", "americas", Office.Kind.REGIONAL, "AR",
     ("Regional Office for South America", "Bureau régional pour l'Amérique du Sud",
      "Oficina Regional para América del Sur"),
     ("Buenos Aires", "Buenos Aires", "Buenos Aires"), {}),
    ("country-office-mexico", "americas", Office.Kind.COUNTRY, "MX",
     ("Country Office in Mexico", "Bureau de pays au Mexique", "Oficina en México"),
     ("Mexico City", "Mexico", "Ciudad de México"), {}),
    ("regional-office-bangkok", "asia-pacific", Office.Kind.REGIONAL, "TH",
     ("Regional Office for Asia and the Pacific", "Bureau régional pour l'Asie et le Pacifique",
      "Oficina Regional para Asia y el Pacífico"),
     ("Bangkok", "Bangkok", "Bangkok"), {}),
    ("country-office-bangladesh", "asia-pacific", Office.Kind.COUNTRY, "BD",
     ("Country Office in Bangladesh", "Bureau de pays au Bangladesh", "Oficina en Bangladesh"),
     ("Dhaka", "Dacca", "Daca"), {}),
    ("regional-office-cairo", "middle-east-north-africa", Office.Kind.REGIONAL, "EG",
     ("Regional Office for the Middle East and North Africa",
      "Bureau régional pour le Moyen-Orient et l'Afrique du Nord",
      "Oficina Regional para Oriente Medio y Norte de África"),
     ("Cairo", "Le Caire", "El Cairo"), {}),
    ("country-office-jordan", "middle-east-north-africa", Office.Kind.COUNTRY, "JO",
     ("Country Office in Jordan", "Bureau de pays en Jordanie", "Oficina en Jordania"),
     ("Amman", "Amman", "Ammán"), {}),
]

# The seed's main menu: top entries and their sub-entries. A page entry names its slug_en;
# the others link to the site's own views.
MENU = [
    (("Who we are", "Qui sommes nous", "Quiénes somos"), "who-we-are", [
        (("Structure", "Structure", "Estructura"), MenuItem.Target.STRUCTURE),
    ]),
    (("Our work", "Notre travail", "Nuestro trabajo"), "our-work", [
        (("What we do", "Ce que nous faisons", "Lo que hacemos"), "what-we-do"),
        (("Partnerships", "Partenariats", "Alianzas"), "partnerships"),
    ]),
    (("Where we work", "Où travaillons-nous", "Dónde trabajamos"),
     MenuItem.Target.WHERE_WE_WORK, []),
    (("Take action", "Agir", "Actuar"), "take-action", [
        (("Work with us", "Travailler avec nous", "Trabaje con nosotros"), "work-with-us"),
        (("Get involved", "Engagez-vous", "Involúcrese"), "get-involved"),
    ]),
    (("Data and research", "Données et recherche", "Datos e investigación"),
     "data-and-research", []),
    (("2030 Agenda", "2030 AGENDA", "Agenda 2030"), "2030-agenda", []),
]


def _languages(field, values):
    """{"title_en": …, "title_fr": …, "title_es": …} from an (en, fr, es) tuple or a dict."""
    if isinstance(values, dict):
        return {f"{field}_{code}": values[code] for code in LANGUAGE_CODES}
    return {f"{field}_{code}": value for code, value in zip(LANGUAGE_CODES, values, strict=True)}


def upsert(model, defaults, **lookup):
    """`update_or_create` that saves only what differs, so a second run writes nothing (and
    `updated_at` and `version` keep their values)."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**{**defaults, **lookup})
    changed = [field for field, value in defaults.items() if getattr(obj, field) != value]
    if changed:
        for field in changed:
            setattr(obj, field, defaults[field])
        obj.save()
    return obj


def portrait(colour):
    """A drawn placeholder portrait (head and shoulders), as JPEG bytes."""
    image = Image.new("RGB", (480, 600), "#e9eef3")
    draw = ImageDraw.Draw(image)
    draw.ellipse((60, 380, 420, 760), fill=colour)  # shoulders
    draw.ellipse((150, 120, 330, 330), fill="#c99b7a")  # head
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def load_organisation():
    organisation = Organisation.load()
    if organisation is None:
        return Organisation.objects.create(**ORGANISATION)
    changed = [
        field for field, value in ORGANISATION.items() if getattr(organisation, field) != value
    ]
    if changed:
        for field in changed:
            setattr(organisation, field, ORGANISATION[field])
        organisation.save()
    return organisation


def load_pages():
    pages = {}
    for order, (slugs, titles, summary, parent) in enumerate(PAGES, start=1):
        defaults = {
            **_languages("slug", slugs),
            **_languages("title", titles),
            **_languages("summary", summary or ("", "", "")),
            "parent": pages[parent] if parent else None,
            "original_language": "fr",
            "status": Page.Status.PUBLISHED,
            "order": order,
            "shows_key_figures": slugs[0] == "who-we-are",
        }
        pages[slugs[0]] = upsert(Page, defaults, slug_en=slugs[0])
    return pages


def load_policy_pages(organisation):
    """The newsroom's standards pages, named on the organisation for the structured data."""
    changed = False
    for order, (field, slugs, titles, summary) in enumerate(POLICY_PAGES, start=len(PAGES) + 1):
        page = upsert(
            Page,
            {
                **_languages("slug", slugs),
                **_languages("title", titles),
                **_languages("summary", summary),
                "original_language": "en",
                "status": Page.Status.PUBLISHED,
                "order": order,
            },
            slug_en=slugs[0],
        )
        if getattr(organisation, f"{field}_id") != page.pk:
            setattr(organisation, field, page)
            changed = True
    if changed:
        organisation.save()


def load_units():
    units = {}
    for order, (slug, kind, parent, names) in enumerate(UNITS, start=1):
        defaults = {
            **_languages("name", names),
            "kind": kind,
            "parent": units[parent] if parent else None,
            "order": order,
        }
        units[slug] = upsert(Unit, defaults, slug=slug)
    return units


def load_people(units):
    for data in PEOPLE:
        defaults = {
            "name": data["name"],
            **_languages("biography", data["biography"]),
            **_languages(
                "photo_alt",
                (
                    f"Drawn placeholder portrait for {data['name']}",
                    f"Portrait dessiné provisoire pour {data['name']}",
                    f"Retrato dibujado provisional de {data['name']}",
                ),
            ),
        }
        person = upsert(Person, defaults, slug=data["slug"])
        if not person.photo:
            # Through the same gate and storage as an editor's upload; made once, so a second
            # run keeps the same file.
            content = ContentFile(portrait(data["colour"]), name="portrait.jpg")
            validate_image(content)
            person.photo.save(content.name, content, save=True)
        for unit_slug, start, end, titles in data["positions"]:
            upsert(
                Position,
                {"end_date": end, **_languages("title", titles)},
                person=person,
                unit=units[unit_slug],
                start_date=start,
            )


def load_offices():
    regions = {}
    for order, (slug, names) in enumerate(REGIONS, start=1):
        regions[slug] = upsert(Region, {**_languages("name", names), "order": order}, slug=slug)
    for order, (slug, region, kind, country, names, cities, extra) in enumerate(
        OFFICES, start=1
    ):
        defaults = {
            **_languages("name", names),
            **_languages("city", cities),
            "region": regions[region],
            "kind": kind,
            "country": country,
            "order": order,
            **extra,
        }
        upsert(Office, defaults, slug=slug)


def _menu_item(parent, order, labels, target, pages):
    is_page = target in pages
    defaults = {
        **_languages("label", labels),
        "target": MenuItem.Target.PAGE if is_page else target,
        "page": pages[target] if is_page else None,
        "order": order,
    }
    return upsert(MenuItem, defaults, parent=parent, label_en=labels[0])


def load_menu(pages):
    for order, (labels, target, entries) in enumerate(MENU, start=1):
        item = _menu_item(None, order, labels, target, pages)
        for sub_order, (sub_labels, sub_target) in enumerate(entries, start=1):
            _menu_item(item, sub_order, sub_labels, sub_target, pages)


def load(stdout):
    """Load (or bring back to the seed) the organisation's demo content."""
    organisation = load_organisation()
    pages = load_pages()
    load_policy_pages(organisation)
    units = load_units()
    load_people(units)
    load_offices()
    load_menu(pages)
    stdout.write(
        f"Organisation: {Page.objects.count()} pages, {Unit.objects.count()} units, "
        f"{Person.objects.count()} people, {Office.objects.count()} offices, "
        f"{MenuItem.objects.count()} menu entries."
    )
