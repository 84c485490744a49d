"""Benchmark: quality and speed of the similar-projects search across regions.

    .venv/bin/python bench/similar.py [--projects 5000] [--runs 60]

Builds a fresh database (SQLite in a temporary folder, or DATABASE_URL if set), creates a
labelled set of 34 projects in 10 families spread over the regions, each written in its own
words (no copies), plus unrelated projects. For each labelled project it asks for its 3 most
similar projects of the other regions and prints the mean share of its family found there
(target ≥ 0.8). Then it adds generated projects up to --projects and times the API call
`GET /api/v1/portfolio/projects/{id}/similar?limit=10` as a national reader: the first call
(index built) and the p95 of the next ones (target < 200 ms).
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from portfolio import measure, p95, setup_django  # noqa: E402

TARGET_SHARE, TARGET_P95_MS = 0.8, 200.0

# family → (socle service code or "", [(title, description), …]) written by different hands
FAMILIES = {
    "teleconsultation-ehpad": (
        "TELEMEDECINE",
        [
            (
                "Téléconsultation en EHPAD",
                "Chariots de téléconsultation dans les maisons de "
                "retraite médicalisées pour éviter les transports des résidents.",
            ),
            (
                "Consultations à distance pour les résidents des établissements pour "
                "personnes âgées",
                "Les EHPAD consultent les médecins traitants et spécialistes par vidéo.",
            ),
            (
                "Télémédecine dans les EHPAD du territoire",
                "Équipement des établissements "
                "d'hébergement pour personnes âgées dépendantes : téléconsultations gériatriques.",
            ),
            (
                "Accès aux spécialistes par vidéo-consultation pour les personnes âgées en "
                "établissement",
                "Résidents d'EHPAD, gériatres et infirmiers coordinateurs.",
            ),
        ],
    ),
    "telesurveillance-ic": (
        "TELEMEDECINE",
        [
            (
                "Télésurveillance de l'insuffisance cardiaque",
                "Suivi à domicile des patients "
                "insuffisants cardiaques : poids, symptômes, alertes au cardiologue.",
            ),
            (
                "Suivi à distance des insuffisants cardiaques après hospitalisation",
                "Balance "
                "connectée et infirmière de coordination pour éviter les réhospitalisations.",
            ),
            (
                "Programme de télésuivi en cardiologie",
                "Patients atteints d'insuffisance "
                "cardiaque chronique suivis depuis leur domicile par l'équipe cardiologique.",
            ),
        ],
    ),
    "ror": (
        "ROR",
        [
            (
                "Répertoire opérationnel des ressources",
                "Description de l'offre de soins des "
                "établissements sanitaires et médico-sociaux dans le ROR.",
            ),
            (
                "Peuplement du ROR médico-social",
                "Les ESMS décrivent leurs capacités et leurs "
                "places dans le répertoire opérationnel.",
            ),
            (
                "Fiabilisation de la description de l'offre de soins dans le répertoire",
                "Mise à jour des unités, des lits disponibles et des compétences dans le ROR.",
            ),
            (
                "ROR : disponibilités en lits",
                "Remontée des lits disponibles des services "
                "hospitaliers dans le répertoire opérationnel des ressources.",
            ),
        ],
    ),
    "mssante": (
        "MSSANTE",
        [
            (
                "Messagerie sécurisée de santé pour les libéraux",
                "Ouverture de boîtes MSSanté "
                "pour les médecins, infirmiers et pharmaciens de ville.",
            ),
            (
                "Généralisation des échanges par messagerie sécurisée",
                "Envoi des comptes rendus d'hospitalisation par MSSanté aux médecins traitants.",
            ),
            (
                "Espace de confiance MSSanté dans les hôpitaux",
                "Raccordement des établissements "
                "et dématérialisation des courriers de sortie par messagerie sécurisée.",
            ),
        ],
    ),
    "pacs": (
        "PACS",
        [
            (
                "PACS mutualisé entre établissements",
                "Archivage et partage des images de radiologie entre les hôpitaux du GHT.",
            ),
            (
                "Partage d'imagerie médicale",
                "Plateforme d'échange d'images médicales, scanner "
                "et IRM, consultables par les radiologues de la région.",
            ),
            (
                "Télé-radiologie et archivage des images",
                "Interprétation à distance des examens "
                "d'imagerie et PACS commun aux établissements.",
            ),
            (
                "Mutualisation du système d'archivage des images radiologiques",
                "Un PACS unique pour les centres hospitaliers, partage des clichés.",
            ),
        ],
    ),
    "dcc": (
        "DCC",
        [
            (
                "Dossier communicant de cancérologie",
                "Fiches de réunions de concertation "
                "pluridisciplinaire et programmes personnalisés de soins en oncologie.",
            ),
            (
                "Réunions de concertation pluridisciplinaire en oncologie",
                "Outil partagé pour les RCP cancer et le dossier communicant.",
            ),
            (
                "Informatisation des RCP de cancérologie",
                "Les médecins oncologues renseignent les fiches RCP dans le DCC régional.",
            ),
        ],
    ),
    "parcours": (
        "",
        [
            (
                "Coordination des parcours complexes",
                "Outil numérique de coordination pour la "
                "plateforme territoriale d'appui et les professionnels de ville.",
            ),
            (
                "E-parcours : outils de coordination des professionnels",
                "Dossier de "
                "coordination partagé entre médecins, infirmiers et travailleurs sociaux.",
            ),
            (
                "Appui à la coordination des situations complexes",
                "Les dispositifs d'appui à la "
                "coordination partagent le plan personnalisé de coordination en santé.",
            ),
            (
                "Plan personnalisé de coordination en santé partagé",
                "Coordination des parcours "
                "des patients complexes entre ville, hôpital et médico-social.",
            ),
        ],
    ),
    "orientation": (
        "ORIENTATION",
        [
            (
                "Orientation des patients vers les soins de suite",
                "Demandes d'admission en SSR et en EHPAD dématérialisées avec viaTrajectoire.",
            ),
            (
                "Dématérialisation des demandes d'admission en aval de l'hôpital",
                "Outil d'orientation vers les soins de suite et de réadaptation et l'HAD.",
            ),
            (
                "viaTrajectoire grand âge",
                "Les familles déposent les dossiers d'admission en "
                "maison de retraite par viaTrajectoire.",
            ),
        ],
    ),
    "teledermatologie": (
        "TELEMEDECINE",
        [
            (
                "Télé-expertise des plaies chroniques",
                "Les infirmiers photographient les plaies "
                "et ulcères et sollicitent l'avis d'un dermatologue.",
            ),
            (
                "Télédermatologie",
                "Avis dermatologique à distance sur photographies de lésions "
                "cutanées, pour les médecins généralistes.",
            ),
            (
                "Prise en charge des escarres et ulcères par télé-expertise",
                "Avis spécialisé "
                "à distance sur les plaies complexes à domicile et en établissement.",
            ),
        ],
    ),
    "identite": (
        "",
        [
            (
                "Identito-vigilance et INS",
                "Qualification de l'identité nationale de santé des "
                "patients dans les logiciels hospitaliers.",
            ),
            (
                "Déploiement de l'identifiant national de santé",
                "Appel au téléservice INSi et qualification des identités dans les établissements.",
            ),
            (
                "Fiabilisation de l'identité des patients",
                "Référentiel d'identito-vigilance, "
                "récupération de l'INS et formation des agents d'accueil.",
            ),
        ],
    ),
}
UNRELATED = [
    (
        "Sécurité des systèmes d'information des hôpitaux",
        "Exercices de crise cyber, sauvegardes hors ligne et audits de sécurité.",
        "",
    ),
    (
        "Portail régional d'information santé pour les usagers",
        "Site d'information grand public sur l'offre de santé.",
        "",
    ),
    (
        "Formation des professionnels au numérique",
        "Sessions de sensibilisation aux usages numériques pour les soignants.",
        "",
    ),
    (
        "Données de santé en open data",
        "Publication de jeux de données anonymisées de l'activité régionale.",
        "",
    ),
    (
        "Dossier médical partagé : alimentation",
        "Envoi des documents de sortie dans le DMP par les établissements.",
        "DMP",
    ),
    (
        "Pharmacie : dossier pharmaceutique à l'hôpital",
        "Consultation du DP par les pharmacies à usage intérieur.",
        "DP",
    ),
    (
        "Annuaire des réunions de concertation",
        "Recensement national des RCP dans l'annuaire ANRCP.",
        "ANRCP",
    ),
]
_NOISE = (
    "projet régional déploiement outil plateforme accompagnement usages santé numérique "
    "service établissements professionnels patients territoire coordination données système "
    "modernisation hôpital ville médico-social gouvernance pilotage qualité sécurité formation "
    "évaluation achat marché convention réseau annuaire portail application mobile"
)
NOISE_WORDS = _NOISE.split()


def build_labelled():
    from pilote.acteurs.models import Organisation, OrganisationType
    from pilote.cadre.models import FrameworkVersion
    from pilote.portefeuille.models import Project
    from pilote.territoires.models import Territory

    socle = {s.code: s for s in FrameworkVersion.objects.in_force().socle_services.all()}
    regions = list(Territory.objects.current().ars_regions().order_by("code"))
    moa = {}
    for region in regions:
        moa[region.pk] = Organisation.objects.create(
            name=f"GRADeS {region.name}",
            type=OrganisationType.GRADES,
            region=region,
            departement=region.children.departements().first(),
        )
    labelled = {}
    for turn, (family, (socle_code, variants)) in enumerate(FAMILIES.items()):
        for number, (title, description) in enumerate(variants):
            region = regions[(turn + number * 3) % len(regions)]
            project = Project.objects.create(
                region=region,
                code=f"{family[:10].upper()}-{number}",
                title=title,
                description=description,
                moa=moa[region.pk],
                impulsion="ars",
            )
            if socle_code:
                project.socle_services.add(socle[socle_code])
            labelled[project.pk] = family
    for number, (title, description, socle_code) in enumerate(UNRELATED):
        region = regions[number % len(regions)]
        project = Project.objects.create(
            region=region,
            code=f"AUTRE-{number}",
            title=title,
            description=description,
            moa=moa[region.pk],
            impulsion="ars",
        )
        if socle_code:
            project.socle_services.add(socle[socle_code])
    return labelled, regions, moa


def quality(labelled) -> float:
    from pilote.comptes.access import SYSTEM
    from pilote.cooperation import similarity
    from pilote.portefeuille.models import Project

    shares = []
    for pk, family in labelled.items():
        project = Project.objects.get(pk=pk)
        top = similarity.similar_to_project(SYSTEM, project, limit=3, kinds=("projet",))
        others = [p for p, f in labelled.items() if f == family and p != pk]
        found = sum(1 for m in top if labelled.get(m.item.pk) == family)
        shares.append(found / min(3, len(others)))
    return statistics.mean(shares)


def add_noise(total, regions, moa, seed=11):
    from pilote.portefeuille.models import Project

    rng = random.Random(seed)
    missing = total - Project.objects.count()
    Project.objects.bulk_create(
        [
            Project(
                region=(region := regions[i % len(regions)]),
                code=f"GEN-{i:05d}",
                title=" ".join(rng.sample(NOISE_WORDS, 4)).capitalize(),
                description=" ".join(rng.choices(NOISE_WORDS, k=25)),
                moa=moa[region.pk],
                impulsion="ars",
            )
            for i in range(missing)
        ],
        batch_size=1000,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--projects", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=60)
    args = parser.parse_args()
    os.environ.setdefault("PILOTE_SSL_REDIRECT", "0")  # the test client speaks plain HTTP
    setup_django(Path(tempfile.mkdtemp(prefix="pilote-bench-similar-")))
    labelled, regions, moa = build_labelled()
    families = len(set(labelled.values()))
    share = quality(labelled)
    print(
        f"labelled set: {len(labelled)} projects in {families} families, {len(UNRELATED)} unrelated"
    )
    print(f"mean share of the family in the top 3: {share:.2f} (target ≥ {TARGET_SHARE})")

    add_noise(args.projects, regions, moa)
    from django.test import Client

    from pilote.comptes.models import Membership, Role, User
    from pilote.portefeuille.models import Project

    reader = User.objects.create_user(email="lecteur@bench.fr", password="x")  # noqa: S106
    Membership.objects.create(
        user=reader, organisation=next(iter(moa.values())), role=Role.NATIONAL_READER
    )
    client = Client()
    client.force_login(reader)
    target = next(iter(labelled))
    url = f"/api/v1/portfolio/projects/{target}/similar?limit=10"
    start = time.perf_counter()
    first = client.get(url)
    cold = (time.perf_counter() - start) * 1000
    assert first.status_code == 200, first.content
    timings, queries, status = measure(client, url, args.runs)
    assert status == 200
    print(f"{Project.objects.count()} projects; API first call (index built): {cold:.0f} ms")
    print(
        f"API similar p50 {statistics.median(timings):.1f} ms, p95 {p95(timings):.1f} ms, "
        f"{queries} queries (target p95 < {TARGET_P95_MS:.0f} ms)"
    )
    ok = share >= TARGET_SHARE and p95(timings) < TARGET_P95_MS
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
