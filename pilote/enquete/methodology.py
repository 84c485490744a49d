"""The survey's methodology as data: the grid's detailed figures, the three indices of annex 5.2
(criteria, sub-criteria, the rule that makes a criterion met), the nine questions of annex 5.3
with their answer scales, the risk categories and their impact scale.

Source: ASIP Santé, « État des lieux des maîtrises d'ouvrage régionales », final report of
November 2012 (updated September 2013), annexes 5.2 and 5.3 and § 3.7.

This is the content of the questionnaire that respondents read, in French, as the report wrote
it: it is stored in the database with each methodology version (`Methodology.definition`) and
frozen once a campaign uses it, so that a later change is a new version, never a silent edit of
a campaign already run. `FIRST_DEFINITION` is version 1."""

from math import ceil

SOURCE = (
    "ASIP Santé, « État des lieux des maîtrises d'ouvrage régionales », rapport final, "
    "novembre 2012 (mis à jour en septembre 2013), annexes 5.2 et 5.3"
)

STAFF_PROFILES = [
    ("direction", "Direction"),
    ("chefs_projet", "Chefs de projet"),
    ("medical", "Médical"),
    ("juridique_achats", "Juridique et achats"),
    ("communication", "Communication"),
    ("administratif_financier", "Administratif et financier"),
    ("technique", "Technique"),
]
CONTRACTS = [
    ("salaries", "Salariés"),
    ("mis_a_disposition", "Mis à disposition"),
    ("prestations", "Prestations externes"),
]
MEMBER_TYPES = [
    ("hopitaux_publics", "Établissements publics"),
    ("cliniques_privees", "Établissements privés"),
    ("espic", "Établissements privés non lucratifs"),
    ("liberaux", "Professionnels libéraux"),
    ("reseaux", "Réseaux de santé"),
    ("medico_social", "Médico-social"),
    ("usagers", "Associations d'usagers"),
    ("autres", "Autres"),
]
FUNDERS = [
    ("ars", "ARS"),
    ("agence_nationale", "Agence nationale"),
    ("membres", "Membres"),
    ("autres", "Autres financeurs"),
]
FUNDING_TARGETS = [("structure", "Structure"), ("projets", "Projets")]
RISKS = [
    ("financier", "Risques financiers"),
    ("humain", "Risques humains"),
    ("gouvernance", "Risques liés à la gouvernance"),
    ("portefeuille", "Risques liés au portefeuille de projets"),
    ("communication", "Risques liés à la communication et à la conduite du changement"),
    ("autre", "Risques « autres »"),
]
RISK_SCALE = [(1, "Faible"), (2, "Modéré"), (3, "Fort"), (4, "Très fort")]
LEVELS = [(1, "Faible"), (2, "Moyen"), (3, "Bon"), (4, "Élevé")]
# staff bands (ETP) of the synthesis: [0, 5), [5, 10), [10, 20), [20, ∞)
STAFF_BANDS = [0, 5, 10, 20]


def _criterion(code, label, subcriteria=(), min_met=None, evidence=""):
    subs = [{"code": c, "label": text} for c, text in subcriteria]
    return {
        "code": code,
        "label": label,
        "subcriteria": subs,
        # how many sub-criteria make the criterion met (all of them unless stated)
        "min_met": len(subs) if min_met is None else min_met,
        # the Pilote evidence that pre-fills it (`evidence.py`), "" for none
        "evidence": evidence,
    }


INDICES = [
    {
        "code": "pilotage",
        "label": "Indice du niveau de pilotage régional",
        "criteria": [
            _criterion("cpom", "Existence d'un CPOM", evidence="cpom"),
            _criterion("feuille_de_route", "Feuille de route formalisée avec l'ARS"),
            _criterion(
                "soutien_partenaires",
                "Soutien des partenaires régionaux (ARS, CR, SGAR, CG, Assurance Maladie…)",
            ),
            _criterion(
                "gouvernance_claire",
                "Gouvernance claire : stratégique / opérationnelle",
                [
                    (
                        "instance_strategique",
                        "Instance stratégique régionale reconnue de pilotage des SI "
                        "(généralement hors GCS avec présence ARS / CR)",
                    ),
                    (
                        "instance_operationnelle",
                        "Instance opérationnelle identifiée (généralement au sein du GCS)",
                    ),
                ],
                evidence="governance_bodies",
            ),
            _criterion("alignement", "Alignement stratégique ARS / GCS"),
        ],
    },
    {
        "code": "stabilite",
        "label": "Indice du niveau de stabilité et sécurité des ressources économiques",
        "criteria": [
            _criterion(
                "partage",
                "Partage de projets ou de ressources entre structures MOA",
                [
                    ("mise_a_disposition", "Mise à disposition d'outils ou de ressources"),
                    ("utilisation", "Utilisation d'outils élaborés par d'autres MOA"),
                ],
                min_met=1,
            ),
            _criterion(
                "financement_3_ans",
                "Modèle formalisé et financement stable sur 3 ans",
                evidence="funding_plan",
            ),
            _criterion("diversite_financeurs", "Diversité des financeurs", evidence="funders"),
            _criterion("ancrage", "Ancrage / reconnaissance / légitimité dans l'écosystème santé"),
        ],
    },
    {
        "code": "professionnalisation",
        "label": "Indice du niveau de professionnalisation des MOA",
        "criteria": [
            _criterion(
                "gestion_projet",
                "Pratiques de gestion de projet",
                [
                    ("suivi_budget", "Suivi budget"),
                    ("suivi_planning", "Suivi planning"),
                    ("copil", "COPIL projet récurrent et suivi d'actions"),
                ],
                evidence="project_practices",
            ),
            _criterion(
                "communication",
                "Outils de communication (événements, plaquette, rapport d'activité…)",
                [
                    ("outils", "Présence d'outils de communication"),
                    ("strategie", "Politique / stratégie formalisée"),
                    ("evenements", "Événements de communication au moins une fois par an"),
                    ("information", "Information systématique vers les acteurs de terrain"),
                ],
            ),
            _criterion(
                "prestataires",
                "Pilotage de prestataires externes",
                [
                    ("pilotage", "Pilotage de prestataires externes"),
                    ("achats", "Savoir acheter"),
                ],
            ),
            _criterion(
                "directeur",
                "Profil du directeur de GCS",
                [
                    (
                        "gestion_structure",
                        "Responsabilité de gestion d'une structure publique ou privée : en "
                        "poste plus de 3 ans",
                    ),
                    (
                        "management_innovant",
                        "Responsabilité de management dans un cadre innovant hors santé ou en "
                        "structure vendant ou promouvant de la technologie (SSII, R&D, "
                        "industrielle…)",
                    ),
                    ("projets_si", "Responsabilité dans le management de projets informatiques"),
                ],
                min_met=1,
            ),
        ],
    },
]


def _choice(code, label, choices):
    return {"code": code, "label": label, "kind": "choice", "choices": list(choices)}


QUESTIONS = [
    _choice(
        "q1",
        "Les systèmes d'information de santé sont-ils prévus comme des projets à part entière "
        "dans votre stratégie régionale ?",
        ["Oui dès 2012", "Oui dès 2013", "Oui dès 2014", "Pas encore"],
    ),
    _choice(
        "q2",
        "Considérez-vous que la maîtrise d'ouvrage des systèmes d'information de santé de votre "
        "région soit à ce jour en capacité de remplir ses missions ?",
        ["Tout à fait", "Plutôt", "Plutôt pas", "Pas encore de MOA constituée"],
    ),
    _choice(
        "q3",
        "L'articulation entre l'Agence Régionale de Santé et la maîtrise d'ouvrage régionale "
        "des systèmes d'information de santé vous paraît-elle aujourd'hui satisfaisante ?",
        ["Oui", "Non"],
    ),
    _choice(
        "q4",
        "Un contrat a-t-il été signé entre l'ARS et la maîtrise d'ouvrage régionale (CPOM, COM…) ?",
        ["Oui", "Non", "En cours"],
    ),
    _choice(
        "q5",
        "L'Agence Régionale de Santé a-t-elle la possibilité d'orienter facilement le "
        "portefeuille de projets (priorisation, introduction de nouveaux projets…) ?",
        ["Oui", "Non"],
    ),
    {
        "code": "q6",
        "label": "Sur une échelle de 0 à 5, comment qualifieriez-vous les relations entre "
        "l'Agence Régionale de Santé et la maîtrise d'ouvrage régionale aujourd'hui ? "
        "(5 étant une bonne note et 0 une mauvaise note)",
        "kind": "scale",
        "min": 0,
        "max": 5,
    },
    _choice(
        "q7",
        "Selon vous, le portefeuille de projets actuel de la maîtrise d'ouvrage régionale "
        "est-il cohérent avec la politique de systèmes d'information de l'ARS ?",
        [
            "Très cohérent",
            "Assez cohérent",
            "Peu cohérent",
            "Pas encore de portefeuille de projets",
        ],
    ),
    {
        "code": "q8",
        "label": "Pour mener à bien ses missions, quels sont aujourd'hui parmi les suivants, les "
        "principaux leviers de réussite de la maîtrise d'ouvrage de votre région ? (classer de "
        "1 à 5, du plus important au moins important)",
        "kind": "ranking",
        "items": [
            "Le facteur humain (compétences, profils, expérience…)",
            "Le portefeuille de projets (volume, diversité, réponse aux besoins de la région, "
            "caractère innovant…)",
            "L'organisation et la méthodologie de travail (clarification des rôles et des "
            "responsabilités, mode projet, reporting…)",
            "La gouvernance (représentativité des adhérents, articulation entre niveau "
            "stratégique et niveau opérationnel, rôle de l'ARS…)",
            "La communication et la conduite du changement (notoriété, crédibilité, capacité à "
            "communiquer, à accompagner les acteurs, clarté des missions…)",
            "Autre (noter en clair)",
        ],
        "max_rank": 5,
    },
    {
        "code": "q9",
        "label": "Finalement, sur une échelle de 0 à 5, comment évalueriez-vous le degré de "
        "confiance entre l'ARS et la maîtrise d'ouvrage régionale ? (5 étant une bonne note et "
        "0 une mauvaise note)",
        "kind": "scale",
        "min": 0,
        "max": 5,
    },
]


def figure_keys() -> list[tuple[str, str]]:
    """(key, label) of every detailed figure of the grid (`GridFigure`)."""
    keys = [(f"etp.{c}", f"ETP — {label}") for c, label in STAFF_PROFILES]
    keys += [(f"contrat.{c}", f"ETP — {label}") for c, label in CONTRACTS]
    keys += [(f"membres.{c}", f"Membres — {label}") for c, label in MEMBER_TYPES]
    keys += [
        (f"financement.{f}.{t}", f"Financement {label} — {target}")
        for f, label in FUNDERS
        for t, target in FUNDING_TARGETS
    ]
    keys += [(f"risque.{c}", label) for c, label in RISKS]
    return keys


FIRST_DEFINITION = {
    "source": SOURCE,
    "figures": [{"key": k, "label": label} for k, label in figure_keys()],
    "indices": INDICES,
    "levels": [{"level": n, "label": label} for n, label in LEVELS],
    "questions": QUESTIONS,
    "risks": [{"code": c, "label": label} for c, label in RISKS],
    "risk_scale": [{"impact": n, "label": label} for n, label in RISK_SCALE],
    "staff_bands": STAFF_BANDS,
}


def criterion_met(criterion: dict, subcriteria_met: set[str], met: bool | None) -> bool:
    """A criterion with sub-criteria is met when at least `min_met` of them are; without
    sub-criteria, when it is answered as met."""
    if criterion["subcriteria"]:
        codes = {s["code"] for s in criterion["subcriteria"]}
        return len(codes & subcriteria_met) >= criterion["min_met"]
    return bool(met)


def level(criteria_met: int, criteria_count: int) -> int:
    """The index level (1 low … 4 high) from the number of criteria met (annex 5.2, § 3.4.3):
    with four criteria, 1, 2, 3 or 4 criteria met give levels 1 to 4; with another count the
    share met is brought to the same scale (rounded up); none met is still level 1."""
    if criteria_count <= 0:
        raise ValueError("an index without criteria has no level")
    return max(1, min(4, ceil(4 * criteria_met / criteria_count)))
