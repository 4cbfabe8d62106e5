"""The newsroom's demo content: the seed release exactly as the organisation published it in
French, with its English and Spanish translations, and a handful of other releases of every
kind — some in one language only, one draft and one scheduled — so the demo shows the rules.

`load(stdout)` is called by `manage.py load_demo_content`; a second run changes nothing.
"""

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from core.language_policy import LANGUAGE_CODES as LANGUAGES
from organisation.demo import upsert
from organisation.models import Office

from .models import NewsRelease, PressContact, ReleaseContact, Theme

# Geneva keeps Zurich's clock (the tz database has no separate Geneva zone).
GENEVA = ZoneInfo("Europe/Zurich")
Kind = NewsRelease.Kind

# The seed page, word for word (typographic apostrophes and « » as published). The lead is its
# first paragraph without the "Suisse - " dateline; the contacts block becomes press contacts.
SEED_FR = {
    "title": (
        'L’OIM et les partenaires gouvernementaux débattent des bonnes pratiques de gouvernance'
        ' en matière de migrations'
    ),
    "dateline": "Suisse",
    "lead": (
        'Le 20 juin 2017, l’OIM et les gouvernements de l’Australie, du Mexique, de la Norvège,'
        ' du Pérou, du Sri Lanka et des Emirats arabes unis (EAU) ont organisé un événement '
        'pour explorer les bonnes pratiques en matière de gouvernance des migrations à l’Office'
        ' des Nations Unies à Genève.'
    ),
    "body": [
        (
            'Les débats ont eu lieu en marge de la consultation thématique du Pacte mondial pour '
            'des migrations sûres, ordonnées et régulières, qui était centrée sur les questions de '
            'coopération internationale et de gouvernance des migrations dans tous ses aspects, '
            'notamment aux frontières, en transit, à l’entrée, au retour, à la réadmission, lors de'
            ' l’intégration et de la réintégration. Le Pacte mondial est un processus '
            'intergouvernemental qui présente une occasion historique de réaliser l’objectif d’un '
            'monde dans lequel les migrants se déplacent par choix et non par nécessité, par des '
            'voies sûres, ordonnées et régulières, et dans un cadre migratoire bien géré et capable'
            ' d’agir comme force positive pour les individus, les sociétés et les Etats.'
        ),
        (
            '« Il existe de bonnes pratiques appliquées par les gouvernements nationaux et les '
            'mécanismes de consultation interétatiques qui doivent être reproduits au niveau '
            'mondial », a déclaré Jill Helke, Directrice de l’OIM pour la coopération '
            'internationale et les partenariats. « Cet événement montrait des exemples d’outils '
            'utiles et de bonnes pratiques qui peuvent éclairer la préparation du processus menant '
            'au Pacte mondial par les gouvernements et les organisations internationales. »'
        ),
        (
            'Des présentations sur la gouvernance des migrations au niveau national, et des '
            'présentations de deux exemples de gouvernance interrégionale des migrations par des '
            'mécanismes de consultation interétatiques sur la migration, ont été données lors de '
            'l’événement.'
        ),
        (
            'Les gouvernements australien, mexicain et péruvien ont présenté leurs politiques '
            'respectives de gouvernance des migrations mettant en évidence l’importance d’adopter '
            'des approches nationales, présentant des outils qui peuvent aider les gouvernements à '
            'développer, adapter et évaluer leurs politiques migratoires, notamment le Cadre de '
            'gouvernance des migrations et l’Indice de gouvernance des migrations de l’OIM '
            '(élaborés conjointement par l’OIM et l’Economist Intelligence Unit).'
        ),
        (
            'Les mécanismes de consultation interétatiques sur la migration sont des dialogues '
            'politiques dirigés par plusieurs Etats qui partagent régulièrement des informations et'
            ' qui ont été organisés pour réfléchir aux questions migratoires d’intérêt commun au '
            'sein d’une région particulière ou le long d’un couloir migratoire spécifique. Au cours'
            ' des 35 dernières années, ils ont contribué à l’émergence d’approches politiques '
            'convergentes et d’une gouvernance régionale et interrégionale des migrations.'
        ),
        (
            'Les Consultations intergouvernementales sur la migration, l’asile et les réfugiés et '
            'le Dialogue d’Abou Dhabi ont tous deux présenté leurs bonnes pratiques et '
            'accomplissements. Ils ont aussi exploré la contribution que chacun peut apporter au '
            'Pacte mondial.'
        ),
    ],
}

SEED_EN = {
    "title": "IOM and Government Partners Discuss Good Practices in Migration Governance",
    "dateline": "Switzerland",
    "lead": (
        "On 20 June 2017, IOM and the Governments of Australia, Mexico, Norway, Peru, Sri Lanka "
        "and the United Arab Emirates (UAE) organized an event at the United Nations Office at "
        "Geneva to explore good practices in migration governance."
    ),
    "body": [
        "The discussions took place on the margins of the thematic consultation of the Global "
        "Compact for Safe, Orderly and Regular Migration, which focused on international "
        "cooperation and the governance of migration in all its dimensions, including at "
        "borders, in transit, at entry, on return, on readmission, and during integration and "
        "reintegration. The Global Compact is an intergovernmental process that presents a "
        "historic opportunity to achieve the goal of a world in which migrants move by choice "
        "and not out of necessity, through safe, orderly and regular channels, within a "
        "well-managed migration framework able to act as a positive force for individuals, "
        "societies and States.",
        "“There are good practices applied by national governments and inter-State consultation "
        "mechanisms that need to be replicated at the global level,” said Jill Helke, IOM "
        "Director for International Cooperation and Partnerships. “This event showed examples "
        "of useful tools and good practices that can inform governments’ and international "
        "organizations’ preparation of the process leading to the Global Compact.”",
        "Presentations on migration governance at the national level, and presentations of two "
        "examples of interregional migration governance through inter-State consultation "
        "mechanisms on migration, were given at the event.",
        "The Governments of Australia, Mexico and Peru presented their respective migration "
        "governance policies, highlighting the importance of adopting national approaches and "
        "presenting tools that can help governments develop, adapt and evaluate their migration "
        "policies, including IOM’s Migration Governance Framework and Migration Governance Index "
        "(developed jointly by IOM and the Economist Intelligence Unit).",
        "Inter-State consultation mechanisms on migration are State-led policy dialogues that "
        "regularly share information and have been set up to discuss migration issues of common "
        "interest within a particular region or along a specific migration corridor. Over the "
        "past 35 years, they have contributed to the emergence of convergent policy approaches "
        "and of regional and interregional migration governance.",
        "The Intergovernmental Consultations on Migration, Asylum and Refugees and the Abu Dhabi "
        "Dialogue both presented their good practices and achievements. They also explored the "
        "contribution each can make to the Global Compact.",
    ],
}

SEED_ES = {
    "title": (
        "La OIM y los socios gubernamentales debaten sobre buenas prácticas de gobernanza de la "
        "migración"
    ),
    "dateline": "Suiza",
    "lead": (
        "El 20 de junio de 2017, la OIM y los Gobiernos de Australia, México, Noruega, el Perú, "
        "Sri Lanka y los Emiratos Árabes Unidos (EAU) organizaron un evento en la Oficina de las "
        "Naciones Unidas en Ginebra para explorar buenas prácticas en materia de gobernanza de "
        "la migración."
    ),
    "body": [
        "Los debates tuvieron lugar al margen de la consulta temática del Pacto Mundial para una "
        "Migración Segura, Ordenada y Regular, que se centró en la cooperación internacional y "
        "la gobernanza de la migración en todas sus dimensiones, en particular en las fronteras, "
        "en tránsito, a la entrada, en el retorno, en la readmisión y durante la integración y "
        "la reintegración. El Pacto Mundial es un proceso intergubernamental que ofrece una "
        "oportunidad histórica de alcanzar el objetivo de un mundo en el que los migrantes se "
        "desplacen por elección y no por necesidad, por vías seguras, ordenadas y regulares, en "
        "un marco migratorio bien gestionado y capaz de actuar como una fuerza positiva para las "
        "personas, las sociedades y los Estados.",
        "«Existen buenas prácticas aplicadas por los gobiernos nacionales y los mecanismos de "
        "consulta interestatales que deben reproducirse a nivel mundial», declaró Jill Helke, "
        "Directora de Cooperación Internacional y Asociaciones de la OIM. «Este evento mostró "
        "ejemplos de herramientas útiles y de buenas prácticas que pueden orientar la "
        "preparación del proceso que conduce al Pacto Mundial por parte de los gobiernos y las "
        "organizaciones internacionales».",
        "En el evento se presentaron ponencias sobre la gobernanza de la migración a nivel "
        "nacional, así como dos ejemplos de gobernanza interregional de la migración mediante "
        "mecanismos de consulta interestatales sobre migración.",
        "Los Gobiernos de Australia, México y el Perú presentaron sus respectivas políticas de "
        "gobernanza de la migración, destacando la importancia de adoptar enfoques nacionales, "
        "y presentaron herramientas que pueden ayudar a los gobiernos a elaborar, adaptar y "
        "evaluar sus políticas migratorias, entre ellas el Marco de Gobernanza de la Migración y "
        "el Índice de Gobernanza de la Migración de la OIM (elaborados conjuntamente por la OIM "
        "y la Economist Intelligence Unit).",
        "Los mecanismos de consulta interestatales sobre migración son diálogos de política "
        "dirigidos por los Estados que intercambian información periódicamente y que se han "
        "organizado para reflexionar sobre cuestiones migratorias de interés común en una región "
        "determinada o a lo largo de un corredor migratorio específico. En los últimos 35 años, "
        "han contribuido a la aparición de enfoques políticos convergentes y de una gobernanza "
        "regional e interregional de la migración.",
        "Las Consultas Intergubernamentales sobre Migración, Asilo y Refugiados y el Diálogo de "
        "Abu Dabi presentaron sus buenas prácticas y logros. También exploraron la contribución "
        "que cada uno puede aportar al Pacto Mundial.",
    ],
}

# slug, (name en, fr, es)
THEMES = [
    ("migration-governance",
     ("Migration governance", "Gouvernance des migrations", "Gobernanza de la migración")),
    ("international-cooperation",
     ("International cooperation and partnerships", "Coopération internationale et partenariats",
      "Cooperación internacional y asociaciones")),
    ("migration-health", ("Migration health", "Migration et santé", "Migración y salud")),
    ("climate-and-environment",
     ("Climate change, environment and migration",
      "Migrations, environnement et changement climatique",
      "Migración, medio ambiente y cambio climático")),
    ("emergencies-and-displacement",
     ("Emergencies and displacement", "Situations d’urgence et déplacements",
      "Emergencias y desplazamiento")),
    ("missing-migrants", ("Missing migrants", "Migrants disparus", "Migrantes desaparecidos")),
    ("return-and-reintegration",
     ("Return and reintegration", "Retour et réintégration", "Retorno y reintegración")),
    ("labour-mobility",
     ("Labour mobility and inclusion", "Mobilité de main-d’œuvre et inclusion",
      "Movilidad laboral e inclusión")),
]

# slug, name, (role en, fr, es), office slug, phone, email. The first two are the seed's; the
# others are invented for the demo (example.org addresses).
CONTACTS = [
    ("nicoletta-giordano", "Nicoletta Giordano", ("", "", ""), "headquarters-geneva",
     "+41227179416", "ngiordano@iom.int"),
    ("maurizio-busatti", "Maurizio Busatti", ("", "", ""), "headquarters-geneva",
     "+41227179581", "mbusatti@iom.int"),
    ("awa-ndiaye", "Awa Ndiaye",
     ("Communications officer", "Chargée de communication", "Oficial de comunicación"),
     "regional-office-dakar", "+221338690001", "andiaye@example.org"),
    ("lucia-ramirez", "Lucía Ramírez",
     ("Media and communications", "Médias et communication", "Medios y comunicación"),
     "country-office-mexico", "+525555363000", "lramirez@example.org"),
]


def paragraphs(texts):
    return "".join(f"<p>{text}</p>" for text in texts)


def seed_release():
    texts = {"fr": SEED_FR, "en": SEED_EN, "es": SEED_ES}
    fields = {}
    for code, text in texts.items():
        fields[f"title_{code}"] = text["title"]
        fields[f"dateline_{code}"] = text["dateline"]
        fields[f"lead_{code}"] = text["lead"]
        fields[f"body_{code}"] = paragraphs(text["body"])
    return {
        "slug": "iom-government-partners-good-practices-migration-governance",
        "kind": Kind.PRESS_RELEASE,
        "original_language": "fr",
        "published_at": datetime(2017, 6, 20, 10, 0, tzinfo=GENEVA),
        "countries": ["CH"],
        "themes": ["migration-governance", "international-cooperation"],
        "contacts": ["nicoletta-giordano", "maurizio-busatti"],
        "related": ["statement-international-migrants-day-2023"],
        "fields": fields,
    }


def text(code, title, dateline, lead, *body):
    return {
        f"title_{code}": title, f"dateline_{code}": dateline, f"lead_{code}": lead,
        f"body_{code}": paragraphs(body),
    }


# Invented releases on the organisation's usual subjects, to fill the demo newsroom.
OTHER_RELEASES = [
    {
        "slug": "statement-international-migrants-day-2023",
        "kind": Kind.STATEMENT,
        "original_language": "en",
        "published_at": datetime(2023, 12, 18, 9, 0, tzinfo=GENEVA),
        "themes": ["migration-governance"],
        "contacts": ["maurizio-busatti"],
        "related": ["iom-government-partners-good-practices-migration-governance"],
        "image": "#1d5b8f",
        "fields": {
            **text("en", "Statement on International Migrants Day", "Geneva",
                   "On International Migrants Day, IOM recalls that well-governed migration "
                   "benefits migrants and the communities that welcome them.",
                   "Every day, people move to seek safety, work, education or to join their "
                   "families. When they can do so through safe and regular pathways, their "
                   "contribution to societies of origin and destination is immense.",
                   "IOM calls on States to keep cooperating, to expand regular pathways and to "
                   "protect the rights of all migrants, whatever their status."),
            **text("fr", "Déclaration à l’occasion de la Journée internationale des migrants",
                   "Genève",
                   "À l’occasion de la Journée internationale des migrants, l’OIM rappelle "
                   "qu’une migration bien gouvernée profite aux migrants comme aux communautés "
                   "qui les accueillent.",
                   "Chaque jour, des personnes se déplacent pour chercher la sécurité, un "
                   "emploi, une formation ou pour rejoindre leur famille. Lorsqu’elles peuvent "
                   "le faire par des voies sûres et régulières, leur contribution aux sociétés "
                   "d’origine et de destination est immense.",
                   "L’OIM appelle les États à poursuivre leur coopération, à élargir les voies "
                   "de migration régulière et à protéger les droits de tous les migrants, quel "
                   "que soit leur statut."),
            **text("es", "Declaración con motivo del Día Internacional del Migrante", "Ginebra",
                   "Con motivo del Día Internacional del Migrante, la OIM recuerda que una "
                   "migración bien gobernada beneficia a los migrantes y a las comunidades que "
                   "los acogen.",
                   "Cada día, hay personas que se desplazan en busca de seguridad, trabajo o "
                   "educación, o para reunirse con sus familias. Cuando pueden hacerlo por vías "
                   "seguras y regulares, su contribución a las sociedades de origen y de destino "
                   "es inmensa.",
                   "La OIM exhorta a los Estados a seguir cooperando, a ampliar las vías "
                   "regulares y a proteger los derechos de todos los migrantes, cualquiera que "
                   "sea su situación."),
            "image_alt_en": "A blue abstract pattern.",
            "image_alt_fr": "Un motif abstrait bleu.",
            "image_alt_es": "Un motivo abstracto azul.",
            "image_credit": "Demo illustration",
        },
    },
    {
        "slug": "cyclone-response-mozambique-briefing",
        "kind": Kind.BRIEFING_NOTE,
        "original_language": "en",
        "published_at": datetime(2023, 3, 17, 11, 30, tzinfo=GENEVA),
        "countries": ["MZ"],
        "themes": ["emergencies-and-displacement", "climate-and-environment"],
        "contacts": ["maurizio-busatti"],
        "related": ["pacific-climate-displacement-data-portal"],
        "image": "#2e7d5b",
        "fields": {
            **text("en", "Shelter and water for families displaced by the cyclone in Mozambique",
                   "Maputo",
                   "IOM teams are distributing shelter kits and setting up water points in "
                   "sites hosting families who fled the floods.",
                   "Displacement tracking teams are visiting sites every day to record needs, "
                   "so that partners can send help where it is most needed.",
                   "Families say that safe shelter and clean water come first, followed by "
                   "seeds and tools to replant before the next season."),
            **text("fr", "Abris et eau pour les familles déplacées par le cyclone au Mozambique",
                   "Maputo",
                   "Les équipes de l’OIM distribuent des kits d’abri et installent des points "
                   "d’eau sur les sites qui accueillent les familles ayant fui les inondations.",
                   "Des équipes de suivi des déplacements visitent les sites chaque jour pour "
                   "recenser les besoins, afin que les partenaires envoient l’aide là où elle "
                   "est la plus nécessaire.",
                   "Les familles disent qu’un abri sûr et de l’eau potable passent avant tout, "
                   "puis des semences et des outils pour replanter avant la prochaine saison."),
            **text("es", "Refugio y agua para las familias desplazadas por el ciclón en "
                   "Mozambique", "Maputo",
                   "Los equipos de la OIM distribuyen kits de refugio e instalan puntos de agua "
                   "en los sitios que acogen a las familias que huyeron de las inundaciones.",
                   "Los equipos de seguimiento de los desplazamientos visitan los sitios cada "
                   "día para registrar las necesidades, de modo que los asociados envíen ayuda "
                   "allí donde más se necesita.",
                   "Las familias dicen que lo primero es un refugio seguro y agua potable, y "
                   "después semillas y herramientas para volver a sembrar antes de la próxima "
                   "temporada."),
            "image_alt_en": "A green abstract pattern.",
            "image_alt_fr": "Un motif abstrait vert.",
            "image_alt_es": "Un motivo abstracto verde.",
            "image_credit": "Demo illustration",
        },
    },
    {
        "slug": "mujeres-migrantes-emprenden-ciudad-de-mexico",
        "kind": Kind.STORY,
        "original_language": "es",
        "published_at": datetime(2024, 3, 8, 10, 0, tzinfo=GENEVA),
        "countries": ["MX"],
        "themes": ["labour-mobility"],
        "contacts": ["lucia-ramirez"],
        "fields": text(
            "es", "Mujeres migrantes emprenden en Ciudad de México", "Ciudad de México",
            "Un programa de formación apoyado por la OIM ayuda a mujeres migrantes a abrir sus "
            "propios negocios y a integrarse en sus barrios.",
            "En un pequeño taller del centro de la ciudad, un grupo de mujeres llegadas de "
            "distintos países aprende a llevar las cuentas, a fijar precios y a vender en línea.",
            "«Al principio no conocía a nadie; ahora tengo clientas y amigas», cuenta una de "
            "las participantes, que prepara comida para eventos del barrio.",
        ),
    },
    {
        "slug": "senegal-oim-reintegration-migrants-de-retour",
        "kind": Kind.PRESS_RELEASE,
        "original_language": "fr",
        "published_at": datetime(2024, 5, 14, 9, 0, tzinfo=GENEVA),
        "countries": ["SN"],
        "themes": ["return-and-reintegration"],
        "contacts": ["awa-ndiaye"],
        "fields": text(
            "fr", "Le Sénégal et l’OIM renforcent l’accompagnement des migrants de retour",
            "Dakar",
            "Les autorités sénégalaises et l’OIM ouvrent de nouveaux bureaux d’accueil pour "
            "aider les migrants de retour à reconstruire leur vie.",
            "Ces bureaux orientent les personnes de retour vers une formation, un soutien "
            "psychosocial ou un appui pour lancer une activité, en lien avec les services "
            "locaux.",
            "« La réintégration réussit quand toute la communauté y participe », souligne la "
            "cheffe de mission de l’OIM au Sénégal.",
        ),
    },
    {
        "slug": "pacific-climate-displacement-data-portal",
        "kind": Kind.PRESS_RELEASE,
        "original_language": "en",
        "published_at": datetime(2024, 9, 10, 8, 0, tzinfo=GENEVA),
        "countries": ["FJ", "VU"],
        "themes": ["climate-and-environment"],
        "contacts": ["maurizio-busatti"],
        "related": ["cyclone-response-mozambique-briefing"],
        "fields": {
            **text("en", "New data portal follows climate-related displacement in the Pacific",
                   "Suva",
                   "A new online portal brings together displacement data from Pacific island "
                   "countries to help governments plan for people forced to move by storms, "
                   "floods and rising seas.",
                   "The portal was built with national disaster management offices, which "
                   "will keep it up to date after each event.",
                   "Planners can compare sites, see which services are missing and prepare "
                   "relocation that respects the wishes of affected communities."),
        },
    },
    {
        "slug": "missing-migrants-mediterranean-briefing",
        "kind": Kind.BRIEFING_NOTE,
        "original_language": "en",
        "published_at": datetime(2024, 6, 21, 11, 0, tzinfo=GENEVA),
        "countries": ["IT", "LY", "TN"],
        "themes": ["missing-migrants"],
        "contacts": ["nicoletta-giordano"],
        "fields": {
            **text("en", "Missing Migrants Project: every life lost at sea has a name",
                   "Geneva",
                   "IOM’s Missing Migrants Project is asking for more search and rescue "
                   "capacity and for better ways to identify those who died on Mediterranean "
                   "routes.",
                   "Behind each record is a family waiting for news. Sharing information "
                   "between countries helps families learn what happened to their relatives.",
                   "IOM calls for safe and regular pathways so that fewer people feel they must "
                   "risk the crossing."),
            **text("fr", "Projet Migrants disparus : chaque vie perdue en mer a un nom",
                   "Genève",
                   "Le projet Migrants disparus de l’OIM demande davantage de moyens de "
                   "recherche et de sauvetage et de meilleurs moyens d’identifier les personnes "
                   "mortes sur les routes de la Méditerranée.",
                   "Derrière chaque donnée, il y a une famille qui attend des nouvelles. "
                   "L’échange d’informations entre pays aide les familles à savoir ce qui est "
                   "arrivé à leurs proches.",
                   "L’OIM appelle à ouvrir des voies sûres et régulières pour que moins de "
                   "personnes se sentent obligées de risquer la traversée."),
        },
    },
    {
        "slug": "farmer-rebuilds-northern-nigeria",
        "kind": Kind.STORY,
        "original_language": "en",
        "published_at": datetime(2024, 11, 5, 9, 0, tzinfo=GENEVA),
        "countries": ["NG"],
        "themes": ["return-and-reintegration", "emergencies-and-displacement"],
        "image": "#b5651d",
        "fields": {
            **text("en", "Coming home: a farmer rebuilds in northern Nigeria", "Maiduguri",
                   "After years in a displacement camp, a farmer returns to his village and "
                   "starts again with seeds, tools and a new well.",
                   "“The land was waiting for us,” he says, standing between rows of millet. "
                   "Neighbours who came back earlier helped him repair the roof.",
                   "IOM supports returning families with shelter repairs and livelihood kits, "
                   "working with community leaders to make returns safe and voluntary."),
            **text("es", "Volver a casa: un agricultor reconstruye su vida en el norte de "
                   "Nigeria", "Maiduguri",
                   "Tras años en un campamento de desplazados, un agricultor vuelve a su aldea "
                   "y empieza de nuevo con semillas, herramientas y un pozo nuevo.",
                   "«La tierra nos estaba esperando», dice entre hileras de mijo. Los vecinos "
                   "que regresaron antes le ayudaron a reparar el tejado.",
                   "La OIM apoya a las familias que regresan con reparaciones de vivienda y "
                   "kits de medios de vida, en colaboración con los líderes comunitarios para "
                   "que los retornos sean seguros y voluntarios."),
            "image_alt_en": "An ochre abstract pattern.",
            "image_alt_es": "Un motivo abstracto ocre.",
            "image_credit": "Demo illustration",
        },
    },
    {
        "slug": "health-screening-migrants-in-transit-niger",
        "kind": Kind.PRESS_RELEASE,
        "original_language": "fr",
        "published_at": datetime(2025, 2, 4, 10, 0, tzinfo=GENEVA),
        "countries": ["NE"],
        "themes": ["migration-health"],
        "image": "#8e3b5f",
        "contacts": ["awa-ndiaye"],
        "fields": {
            **text("fr", "Des soins de santé pour les migrants en transit au Niger", "Niamey",
                   "L’OIM et le ministère de la Santé ouvrent deux postes de santé sur les "
                   "routes migratoires du nord du pays.",
                   "Les postes offrent des consultations, des vaccinations et une orientation "
                   "vers les hôpitaux de district, pour les migrants comme pour les habitants.",
                   "Les agents de santé communautaires, formés par l’OIM, assurent aussi un "
                   "suivi des maladies transmissibles."),
            **text("en", "Health care for migrants in transit in Niger", "Niamey",
                   "IOM and the Ministry of Health are opening two health posts on the "
                   "migration routes of the country’s north.",
                   "The posts offer consultations, vaccinations and referrals to district "
                   "hospitals, for migrants and residents alike.",
                   "Community health workers trained by IOM also monitor communicable "
                   "diseases."),
            "image_alt_fr": "Un motif abstrait prune.",
            "image_alt_en": "A plum-coloured abstract pattern.",
            "image_credit": "Demo illustration",
        },
    },
    {
        # A draft: only the preview shows it.
        "slug": "statement-global-compact-review-draft",
        "kind": Kind.STATEMENT,
        "original_language": "en",
        "status": NewsRelease.Status.DRAFT,
        "published_at": None,
        "themes": ["migration-governance", "international-cooperation"],
        "related": ["iom-government-partners-good-practices-migration-governance"],
        "fields": text(
            "en", "Statement on the review of the Global Compact for Migration", "New York",
            "Draft for review by the Office of the Director General.",
            "IOM welcomes the commitment of Member States to review progress on the Global "
            "Compact for Safe, Orderly and Regular Migration.",
        ),
    },
    {
        # Scheduled: public by itself when its time comes (see `schedule`).
        "slug": "world-migration-report-launch",
        "kind": Kind.PRESS_RELEASE,
        "original_language": "en",
        "scheduled": True,
        "themes": ["migration-governance"],
        "contacts": ["nicoletta-giordano", "maurizio-busatti"],
        "fields": {
            **text("en", "IOM to launch the new World Migration Report in Geneva", "Geneva",
                   "The organisation’s flagship report on migration trends will be presented "
                   "to Member States and the press.",
                   "The report gathers the latest data and research on migration and "
                   "displacement across regions."),
            **text("fr", "L’OIM lancera le nouveau Rapport État de la migration dans le monde à "
                   "Genève", "Genève",
                   "Le rapport phare de l’organisation sur les tendances migratoires sera "
                   "présenté aux États membres et à la presse.",
                   "Le rapport rassemble les données et recherches les plus récentes sur la "
                   "migration et les déplacements dans toutes les régions."),
            **text("es", "La OIM presentará el nuevo Informe sobre las Migraciones en el Mundo "
                   "en Ginebra", "Ginebra",
                   "El informe principal de la organización sobre las tendencias migratorias "
                   "se presentará a los Estados Miembros y a la prensa.",
                   "El informe reúne los datos y las investigaciones más recientes sobre la "
                   "migración y los desplazamientos en todas las regiones."),
        },
    },
]


def demo_image(colour):
    """A drawn abstract image (1200×675 JPEG) standing in for a photo."""
    image = Image.new("RGB", (1200, 675), "#f2f4f7")
    draw = ImageDraw.Draw(image)
    for step in range(8):
        inset = step * 40
        draw.rectangle((inset, inset, 1200 - inset, 675 - inset), outline=colour, width=14)
    draw.ellipse((450, 190, 750, 490), fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def load_themes():
    themes = {}
    for order, (slug, names) in enumerate(THEMES, start=1):
        defaults = {f"name_{code}": name for code, name in zip(LANGUAGES, names, strict=True)}
        themes[slug] = upsert(Theme, {**defaults, "order": order}, slug=slug)
    return themes


def load_contacts():
    offices = Office.objects.in_bulk(
        [office for _s, _n, _r, office, _p, _e in CONTACTS], field_name="slug"
    )
    contacts = {}
    for slug, name, roles, office, phone, email in CONTACTS:
        defaults = {
            "name": name, "phone": phone, "email": email, "is_active": True,
            # The organisation's demo provides the offices; without it, contacts have none.
            "office": offices.get(office),
            **{f"role_{code}": role for code, role in zip(LANGUAGES, roles, strict=True)},
        }
        contacts[slug] = upsert(PressContact, defaults, slug=slug)
    return contacts


def schedule(release):
    """A week ahead, kept as it is while it is still ahead, so a second run changes nothing."""
    if release is not None and release.published_at and release.published_at > timezone.now():
        return release.published_at
    return (timezone.now() + timedelta(days=7)).replace(second=0, microsecond=0)


# What the press may do with the demo's images (every release with an image gets them).
IMAGE_USAGE_TERMS = {
    "image_usage_terms_en": "Free for news reporting on this release, with the credit line.",
    "image_usage_terms_fr": "Libre pour l’information sur ce communiqué, avec la mention de "
                            "crédit.",
    "image_usage_terms_es": "De uso libre para informar sobre este comunicado, con el crédito.",
}


def load_release(data, themes, contacts):
    slug = data["slug"]
    existing = NewsRelease.objects.filter(slug=slug).first()
    defaults = {
        "kind": data["kind"],
        "original_language": data["original_language"],
        "status": data.get("status", NewsRelease.Status.PUBLISHED),
        "published_at": schedule(existing) if data.get("scheduled") else data["published_at"],
        "countries": data.get("countries", []),
        **(IMAGE_USAGE_TERMS if "image" in data else {}),
        **data["fields"],
    }
    release = upsert(NewsRelease, defaults, slug=slug)
    if "image" in data and not release.image:
        release.image.save(f"{slug}.jpg", ContentFile(demo_image(data["image"])))
    release.themes.set([themes[theme] for theme in data.get("themes", [])])
    wanted = data.get("contacts", [])
    ReleaseContact.objects.filter(release=release).exclude(
        contact__slug__in=wanted
    ).delete()
    for order, contact in enumerate(wanted, start=1):
        upsert(ReleaseContact, {"order": order}, release=release, contact=contacts[contact])
    return release


def load(stdout):
    """Load (or bring back to the demo state) the newsroom's demo content."""
    themes = load_themes()
    contacts = load_contacts()
    everything = [seed_release(), *OTHER_RELEASES]
    releases = {data["slug"]: load_release(data, themes, contacts) for data in everything}
    # Related releases point at each other, so they are linked once all exist.
    for data in everything:
        releases[data["slug"]].related.set(
            [releases[slug] for slug in data.get("related", [])]
        )
    stdout.write(
        f"Newsroom: {NewsRelease.objects.count()} releases "
        f"({NewsRelease.objects.published().count()} public), {Theme.objects.count()} themes, "
        f"{PressContact.objects.count()} press contacts."
    )
