"""Phrase banks for `generate_demo_releases`: parallel (en, fr, es) texts, so a generated
release says the same thing in its three languages, written the way the organisation's press
office writes.

Slots: {place} ("in Sudan" / "au Soudan" / "en Sudán"), {city}, {number}, {year}, {partner},
{theme}, {speaker}.
"""

# (country code, dateline city per language, locative phrase per language)
PLACES = [
    ("SD", ("Port Sudan", "Port-Soudan", "Puerto Sudán"),
     ("in Sudan", "au Soudan", "en Sudán")),
    ("UA", ("Kyiv", "Kyiv", "Kiev"), ("in Ukraine", "en Ukraine", "en Ucrania")),
    ("CH", ("Geneva", "Genève", "Ginebra"), ("in Switzerland", "en Suisse", "en Suiza")),
    ("HT", ("Port-au-Prince", "Port-au-Prince", "Puerto Príncipe"),
     ("in Haiti", "en Haïti", "en Haití")),
    ("BD", ("Cox’s Bazar", "Cox’s Bazar", "Cox’s Bazar"),
     ("in Bangladesh", "au Bangladesh", "en Bangladés")),
    ("NE", ("Niamey", "Niamey", "Niamey"), ("in Niger", "au Niger", "en Níger")),
    ("LY", ("Tripoli", "Tripoli", "Trípoli"), ("in Libya", "en Libye", "en Libia")),
    ("YE", ("Aden", "Aden", "Adén"), ("in Yemen", "au Yémen", "en Yemen")),
    ("CO", ("Bogotá", "Bogota", "Bogotá"), ("in Colombia", "en Colombie", "en Colombia")),
    ("MX", ("Mexico City", "Mexico", "Ciudad de México"),
     ("in Mexico", "au Mexique", "en México")),
    ("PA", ("Panama City", "Panama", "Ciudad de Panamá"),
     ("in Panama", "au Panama", "en Panamá")),
    ("VE", ("Caracas", "Caracas", "Caracas"), ("in Venezuela", "au Venezuela", "en Venezuela")),
    ("ET", ("Addis Ababa", "Addis-Abeba", "Adís Abeba"),
     ("in Ethiopia", "en Éthiopie", "en Etiopía")),
    ("SO", ("Mogadishu", "Mogadiscio", "Mogadiscio"),
     ("in Somalia", "en Somalie", "en Somalia")),
    ("CD", ("Goma", "Goma", "Goma"),
     ("in the Democratic Republic of the Congo", "en République démocratique du Congo",
      "en la República Democrática del Congo")),
    ("AF", ("Kabul", "Kaboul", "Kabul"), ("in Afghanistan", "en Afghanistan", "en Afganistán")),
    ("PK", ("Islamabad", "Islamabad", "Islamabad"), ("in Pakistan", "au Pakistan", "en Pakistán")),
    ("TR", ("Ankara", "Ankara", "Ankara"), ("in Türkiye", "en Türkiye", "en Türkiye")),
    ("GR", ("Athens", "Athènes", "Atenas"), ("in Greece", "en Grèce", "en Grecia")),
    ("IT", ("Rome", "Rome", "Roma"), ("in Italy", "en Italie", "en Italia")),
    ("ES", ("Madrid", "Madrid", "Madrid"), ("in Spain", "en Espagne", "en España")),
    ("SN", ("Dakar", "Dakar", "Dakar"), ("in Senegal", "au Sénégal", "en Senegal")),
    ("ML", ("Bamako", "Bamako", "Bamako"), ("in Mali", "au Mali", "en Malí")),
    ("NG", ("Abuja", "Abuja", "Abuja"), ("in Nigeria", "au Nigéria", "en Nigeria")),
    ("KE", ("Nairobi", "Nairobi", "Nairobi"), ("in Kenya", "au Kenya", "en Kenia")),
    ("MZ", ("Maputo", "Maputo", "Maputo"), ("in Mozambique", "au Mozambique", "en Mozambique")),
    ("PH", ("Manila", "Manille", "Manila"), ("in the Philippines", "aux Philippines",
                                             "en Filipinas")),
    ("MM", ("Yangon", "Yangon", "Yangón"), ("in Myanmar", "au Myanmar", "en Myanmar")),
    ("IQ", ("Erbil", "Erbil", "Erbil"), ("in Iraq", "en Irak", "en Irak")),
    ("LB", ("Beirut", "Beyrouth", "Beirut"), ("in Lebanon", "au Liban", "en Líbano")),
    ("US", ("New York", "New York", "Nueva York"),
     ("in the United States", "aux États-Unis", "en los Estados Unidos")),
    ("BE", ("Brussels", "Bruxelles", "Bruselas"), ("in Belgium", "en Belgique", "en Bélgica")),
]

THEMES = [
    ("migration-governance", ("Migration governance", "Gouvernance des migrations",
                              "Gobernanza de la migración")),
    ("emergencies", ("Emergencies", "Situations d’urgence", "Emergencias")),
    ("climate-and-environment", ("Climate and environment", "Climat et environnement",
                                 "Clima y medio ambiente")),
    ("migrant-protection", ("Migrant protection", "Protection des migrants",
                            "Protección de los migrantes")),
    ("migration-health", ("Migration health", "Migration et santé", "Migración y salud")),
    ("labour-mobility", ("Labour mobility", "Mobilité de la main-d’œuvre", "Movilidad laboral")),
    ("displacement-tracking", ("Displacement tracking", "Suivi des déplacements",
                               "Seguimiento de los desplazamientos")),
    ("counter-trafficking", ("Counter-trafficking", "Lutte contre la traite",
                             "Lucha contra la trata")),
    ("resettlement", ("Resettlement", "Réinstallation", "Reasentamiento")),
    ("migration-and-development", ("Migration and development", "Migration et développement",
                                   "Migración y desarrollo")),
]

# (slug, name, role per language, phone, email)
CONTACTS = [
    ("demo-contact-geneva-media", "Paul Dillon",
     ("Spokesperson", "Porte-parole", "Portavoz"), "+41227179111", "media.geneva@example.org"),
    ("demo-contact-geneva-fr", "Florence Kim",
     ("Media officer, French", "Chargée des médias, français", "Oficial de medios, francés"),
     "+41227179416", "media.fr@example.org"),
    ("demo-contact-panama", "Jorge Gallo",
     ("Regional media officer", "Chargé régional des médias", "Oficial regional de medios"),
     "+50763051230", "media.panama@example.org"),
    ("demo-contact-nairobi", "Yvonne Ndege",
     ("Regional spokesperson", "Porte-parole régionale", "Portavoz regional"),
     "+254722120001", "media.nairobi@example.org"),
    ("demo-contact-bangkok", "Itayi Viriri",
     ("Senior regional media officer", "Chargé principal des médias",
      "Oficial principal de medios"),
     "+66814880001", "media.bangkok@example.org"),
    ("demo-contact-dakar", "Aïssatou Sy",
     ("Communications officer", "Chargée de communication", "Oficial de comunicación"),
     "+221774500001", "media.dakar@example.org"),
]

PARTNERS = [
    ("the World Food Programme", "le Programme alimentaire mondial",
     "el Programa Mundial de Alimentos"),
    ("UNHCR", "le HCR", "el ACNUR"),
    ("UNICEF", "l’UNICEF", "UNICEF"),
    ("the World Health Organization", "l’Organisation mondiale de la Santé",
     "la Organización Mundial de la Salud"),
    ("national authorities", "les autorités nationales", "las autoridades nacionales"),
    ("local civil society groups", "des organisations locales de la société civile",
     "organizaciones locales de la sociedad civil"),
    ("the European Union", "l’Union européenne", "la Unión Europea"),
]

SPEAKERS = [
    ("the Director General", "la Directrice générale", "la Directora General"),
    ("the Chief of Mission", "le Chef de mission", "el Jefe de Misión"),
    ("the Regional Director", "la Directrice régionale", "la Directora Regional"),
    ("the Emergency Coordinator", "le Coordonnateur des urgences", "el Coordinador de Emergencias"),
]

TITLES = [
    ("IOM scales up emergency assistance {place}",
     "L’OIM renforce son aide d’urgence {place}",
     "La OIM refuerza su asistencia de emergencia {place}"),
    ("{number} people displaced by floods {place}, IOM reports",
     "{number} personnes déplacées par les inondations {place}, selon l’OIM",
     "{number} personas desplazadas por las inundaciones {place}, según la OIM"),
    ("IOM calls for safe and regular migration pathways {place}",
     "L’OIM appelle à des voies de migration sûres et régulières {place}",
     "La OIM pide vías de migración seguras y regulares {place}"),
    ("New report tracks migrant deaths on routes {place}",
     "Un nouveau rapport recense les décès de migrants sur les routes {place}",
     "Un nuevo informe documenta las muertes de migrantes en las rutas {place}"),
    ("IOM and partners launch a reintegration programme {place}",
     "L’OIM et ses partenaires lancent un programme de réintégration {place}",
     "La OIM y sus socios lanzan un programa de reintegración {place}"),
    ("Drought drives new displacement {place}",
     "La sécheresse provoque de nouveaux déplacements {place}",
     "La sequía provoca nuevos desplazamientos {place}"),
    ("IOM welcomes new labour mobility agreement {place}",
     "L’OIM salue un nouvel accord de mobilité de la main-d’œuvre {place}",
     "La OIM celebra un nuevo acuerdo de movilidad laboral {place}"),
    ("Health services reach {number} migrants {place}",
     "Des services de santé atteignent {number} migrants {place}",
     "Los servicios de salud llegan a {number} migrantes {place}"),
    ("IOM supports survivors of trafficking {place}",
     "L’OIM soutient les victimes de la traite {place}",
     "La OIM apoya a las sobrevivientes de la trata {place}"),
    ("Displacement figures reach record high {place}",
     "Les chiffres du déplacement atteignent un niveau record {place}",
     "Las cifras de desplazamiento alcanzan un récord {place}"),
]

LEADS = [
    ("The International Organization for Migration (IOM) is expanding its response {place}, "
     "where {number} people need shelter, water and protection.",
     "L’Organisation internationale pour les migrations (OIM) étend sa réponse {place}, où "
     "{number} personnes ont besoin d’un abri, d’eau et de protection.",
     "La Organización Internacional para las Migraciones (OIM) amplía su respuesta {place}, "
     "donde {number} personas necesitan refugio, agua y protección."),
    ("New data published today by IOM show that {number} people have been forced from their "
     "homes {place} since the start of {year}.",
     "Les nouvelles données publiées aujourd’hui par l’OIM montrent que {number} personnes ont "
     "été forcées de quitter leur foyer {place} depuis le début de {year}.",
     "Los nuevos datos publicados hoy por la OIM muestran que {number} personas se han visto "
     "obligadas a abandonar sus hogares {place} desde el inicio de {year}."),
    ("IOM and {partner} are joining forces {place} to help migrants and the communities that "
     "host them.",
     "L’OIM et {partner} unissent leurs forces {place} pour aider les migrants et les "
     "communautés qui les accueillent.",
     "La OIM y {partner} unen fuerzas {place} para ayudar a las personas migrantes y a las "
     "comunidades que las acogen."),
    ("Speaking {place} this week, {speaker} of IOM urged governments to put the safety and "
     "dignity of migrants first.",
     "S’exprimant {place} cette semaine, {speaker} de l’OIM a exhorté les gouvernements à "
     "placer la sécurité et la dignité des migrants au premier plan.",
     "En declaraciones {place} esta semana, {speaker} de la OIM instó a los gobiernos a "
     "anteponer la seguridad y la dignidad de las personas migrantes."),
]

SENTENCES = [
    ("Teams on the ground have distributed shelter kits, hygiene items and drinking water to "
     "{number} families.",
     "Les équipes sur le terrain ont distribué des kits d’abri, des articles d’hygiène et de "
     "l’eau potable à {number} familles.",
     "Los equipos sobre el terreno han distribuido kits de refugio, artículos de higiene y agua "
     "potable a {number} familias."),
    ("Most of those displaced are women and children, many of whom have fled more than once.",
     "La plupart des personnes déplacées sont des femmes et des enfants, dont beaucoup ont fui "
     "plus d’une fois.",
     "La mayoría de las personas desplazadas son mujeres y niños, muchos de los cuales han "
     "huido más de una vez."),
    ("IOM’s Displacement Tracking Matrix recorded the movements across {number} sites.",
     "La Matrice de suivi des déplacements de l’OIM a enregistré les mouvements sur {number} "
     "sites.",
     "La Matriz de Seguimiento de Desplazamientos de la OIM registró los movimientos en "
     "{number} emplazamientos."),
    ("The response is carried out with {partner} and is part of the joint humanitarian plan "
     "for {year}.",
     "La réponse est menée avec {partner} et s’inscrit dans le plan humanitaire conjoint pour "
     "{year}.",
     "La respuesta se lleva a cabo con {partner} y forma parte del plan humanitario conjunto "
     "para {year}."),
    ("Funding remains far below needs: less than a third of the appeal has been received so far.",
     "Le financement reste très inférieur aux besoins : moins d’un tiers de l’appel a été reçu "
     "à ce jour.",
     "La financiación sigue muy por debajo de las necesidades: hasta ahora se ha recibido menos "
     "de un tercio del llamamiento."),
    ("Mobile health teams provide primary care, vaccinations and mental health support.",
     "Des équipes de santé mobiles dispensent des soins primaires, des vaccinations et un "
     "soutien en santé mentale.",
     "Equipos de salud móviles prestan atención primaria, vacunación y apoyo en salud mental."),
    ("Returnees receive counselling, vocational training and small grants to start a business.",
     "Les personnes de retour bénéficient de conseils, d’une formation professionnelle et de "
     "petites subventions pour créer une entreprise.",
     "Las personas retornadas reciben orientación, formación profesional y pequeñas "
     "subvenciones para emprender un negocio."),
    ("Regular pathways for labour migration benefit countries of origin and destination alike.",
     "Des voies régulières de migration de main-d’œuvre profitent autant aux pays d’origine "
     "qu’aux pays de destination.",
     "Las vías regulares de migración laboral benefician tanto a los países de origen como a los "
     "de destino."),
    ("Climate change is making droughts and floods more frequent, and more people are moving "
     "as a result.",
     "Le changement climatique rend les sécheresses et les inondations plus fréquentes, et de "
     "plus en plus de personnes se déplacent en conséquence.",
     "El cambio climático hace que las sequías y las inundaciones sean más frecuentes, y cada "
     "vez más personas se desplazan por ello."),
    ("Since {year}, IOM has helped {number} victims of trafficking to recover and rebuild their "
     "lives.",
     "Depuis {year}, l’OIM a aidé {number} victimes de la traite à se rétablir et à reconstruire "
     "leur vie.",
     "Desde {year}, la OIM ha ayudado a {number} víctimas de la trata a recuperarse y "
     "reconstruir sus vidas."),
    ("Border officials were trained on protection-sensitive procedures and the identification "
     "of vulnerable migrants.",
     "Des agents des frontières ont été formés aux procédures respectueuses de la protection et "
     "à l’identification des migrants vulnérables.",
     "Funcionarios de fronteras recibieron formación sobre procedimientos sensibles a la "
     "protección y la identificación de migrantes en situación de vulnerabilidad."),
    ("Remittances sent home by migrants remain a lifeline for millions of households.",
     "Les fonds envoyés par les migrants restent une bouée de sauvetage pour des millions de "
     "ménages.",
     "Las remesas que envían las personas migrantes siguen siendo un sustento vital para "
     "millones de hogares."),
    ("The organisation is also supporting host communities, whose resources are under strain.",
     "L’Organisation soutient également les communautés d’accueil, dont les ressources sont mises "
     "à rude épreuve.",
     "La Organización también apoya a las comunidades de acogida, cuyos recursos están bajo "
     "presión."),
    ("Access remains difficult in several areas because of insecurity and damaged roads.",
     "L’accès reste difficile dans plusieurs zones en raison de l’insécurité et des routes "
     "endommagées.",
     "El acceso sigue siendo difícil en varias zonas debido a la inseguridad y a las carreteras "
     "dañadas."),
    ("Data collected with national authorities will guide the recovery plan for the coming "
     "months.",
     "Les données recueillies avec les autorités nationales orienteront le plan de relèvement "
     "des prochains mois.",
     "Los datos recopilados con las autoridades nacionales orientarán el plan de recuperación de "
     "los próximos meses."),
    ("More than {number} people have died on this route since {year}, according to the Missing "
     "Migrants Project.",
     "Plus de {number} personnes sont mortes sur cette route depuis {year}, selon le Projet "
     "Migrants disparus.",
     "Más de {number} personas han muerto en esta ruta desde {year}, según el Proyecto "
     "Migrantes Desaparecidos."),
]

QUOTES = [
    ("“No one should have to risk their life in search of safety or a better future,” said "
     "{speaker}.",
     "« Personne ne devrait avoir à risquer sa vie pour trouver la sécurité ou un avenir "
     "meilleur », a déclaré {speaker}.",
     "“Nadie debería arriesgar su vida en busca de seguridad o de un futuro mejor”, afirmó "
     "{speaker}."),
    ("“Migration, well governed, benefits everyone,” said {speaker}. “We must work together.”",
     "« Bien gouvernée, la migration profite à tous », a déclaré {speaker}. « Nous devons "
     "travailler ensemble. »",
     "“Bien gestionada, la migración beneficia a todos”, afirmó {speaker}. “Debemos trabajar "
     "juntos”."),
    ("“The needs are enormous and growing every day,” said {speaker}.",
     "« Les besoins sont immenses et augmentent chaque jour », a déclaré {speaker}.",
     "“Las necesidades son enormes y crecen cada día”, afirmó {speaker}."),
]

HEADINGS = [
    ("Background", "Contexte", "Antecedentes"),
    ("The response", "La réponse", "La respuesta"),
    ("What comes next", "Prochaines étapes", "Próximos pasos"),
]

LIST_INTROS = [
    ("IOM’s priorities include:", "Les priorités de l’OIM sont notamment :",
     "Las prioridades de la OIM incluyen:"),
]

LIST_ITEMS = [
    ("shelter and essential items", "les abris et les articles essentiels",
     "el alojamiento y los artículos esenciales"),
    ("clean water and sanitation", "l’eau potable et l’assainissement",
     "el agua potable y el saneamiento"),
    ("protection of the most vulnerable", "la protection des plus vulnérables",
     "la protección de las personas más vulnerables"),
    ("health care and psychosocial support", "les soins de santé et le soutien psychosocial",
     "la atención sanitaria y el apoyo psicosocial"),
    ("data on displacement and needs", "les données sur les déplacements et les besoins",
     "los datos sobre desplazamientos y necesidades"),
]
