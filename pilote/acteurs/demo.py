"""Demo actors: three regions with their ARS, GRADeS, a few hundred organisations (through the
FINESS import), people, and one account per role and region. Idempotent. The whole demo is
loaded by `pilote.accueil.demo.load_demo`, which runs each app's own demo module."""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from pilote.acteurs import services
from pilote.acteurs.finess_import import import_finess
from pilote.acteurs.finess_sample import establishment_rows, write_finess
from pilote.acteurs.models import LegalForm, Organisation, OrganisationType
from pilote.comptes.access import SYSTEM
from pilote.comptes.models import Role, User
from pilote.comptes.services import grant_membership
from pilote.territoires.models import Territory

DEMO_PASSWORD = "demo-pilote-2026"  # noqa: S105 — published demo password, demo data only
DEMO_DOMAIN = "demo.pilote.fr"


@dataclass(frozen=True)
class DemoRegion:
    code: str
    slug: str
    ars: str
    grades: str
    grades_short: str
    grades_form: str
    departements: tuple[str, ...]


REGIONS = (
    DemoRegion(
        "84",
        "ara",
        "ARS Auvergne-Rhône-Alpes",
        "GCS Système d'information santé en Auvergne-Rhône-Alpes",
        "GCS SARA",
        LegalForm.GCS_PRIVE,
        ("01", "03", "07", "15", "26", "38", "42", "43", "63", "69", "73", "74"),
    ),
    DemoRegion(
        "27",
        "bfc",
        "ARS Bourgogne-Franche-Comté",
        "GRADeS e-santé Bourgogne-Franche-Comté",
        "e-santé BFC",
        LegalForm.GIP,
        ("21", "25", "39", "58", "70", "71", "89", "90"),
    ),
    DemoRegion(
        "76",
        "occitanie",
        "ARS Occitanie",
        "GIP e-santé Occitanie",
        "e-santé Occitanie",
        LegalForm.GIP,
        ("09", "11", "12", "30", "31", "32", "34", "46", "48", "65", "66", "81", "82"),
    ),
)
# Other actors every region has (name pattern, type, legal form).
REGIONAL_ACTORS = (
    ("URPS Médecins libéraux {region}", OrganisationType.URPS, LegalForm.ASSOCIATION),
    ("URPS Pharmaciens {region}", OrganisationType.URPS, LegalForm.ASSOCIATION),
    ("FHF {region}", OrganisationType.FEDERATION, LegalForm.ASSOCIATION),
    ("FEHAP {region}", OrganisationType.FEDERATION, LegalForm.ASSOCIATION),
    ("Conseil régional {region}", OrganisationType.COLLECTIVITE, LegalForm.COLLECTIVITE),
    ("DCGDR Assurance maladie {region}", OrganisationType.ASSURANCE_MALADIE, LegalForm.ETAT),
    ("France Assos Santé {region}", OrganisationType.ASSOCIATION_PATIENTS, LegalForm.ASSOCIATION),
    ("Réseau régional de cancérologie {region}", OrganisationType.RESEAU, LegalForm.ASSOCIATION),
)
FORMER_OPERATORS = {
    "27": (
        ("GCS e-santé Bourgogne", LegalForm.GCS_PUBLIC, "21"),
        ("GCS EMOSIST Franche-Comté", LegalForm.GCS_PRIVE, "25"),
    ),
    "84": (
        ("GCS SIMPA (Auvergne)", LegalForm.GCS_PRIVE, "63"),
        ("GCS SISRA (Rhône-Alpes)", LegalForm.GCS_PRIVE, "69"),
    ),
}
REGIONAL_ROLES = (
    (Role.ARS_OFFICER, "ars-pilotage", "ars"),
    (Role.ARS_READER, "ars-lecture", "ars"),
    (Role.GRADES_MANAGER, "grades", "grades"),
    (Role.PROJECT_OWNER, "porteur", "hospital"),
    (Role.BODY_MEMBER, "instance", "urps"),
)


@dataclass(frozen=True)
class DemoAccount:
    email: str
    role: str
    organisation: str


def _org(
    region: Territory,
    name: str,
    type_: str,
    legal_form: str = "",
    departement=None,
    short_name: str = "",
    is_active: bool = True,
) -> Organisation:
    existing = Organisation.objects.in_region(region).filter(name=name).first()
    if existing is not None:
        return existing
    return services.create_organisation(
        acting_user=SYSTEM,
        region=region,
        name=name,
        type=type_,
        legal_form=legal_form,
        departement=departement,
        short_name=short_name,
        is_active=is_active,
    )


def _account(email: str, first: str, last: str, organisation: Organisation, role: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        person = services.create_person(
            acting_user=SYSTEM, first_name=first, last_name=last, email=email
        )
        user = User.objects.create_user(
            email, DEMO_PASSWORD, first_name=first, last_name=last, person=person
        )
        services.add_function(
            acting_user=SYSTEM, person=person, organisation=organisation, title=Role(role).label
        )
    grant_membership(acting_user=SYSTEM, user=user, organisation=organisation, role=role)
    return user


def _finess_file(var_dir: Path) -> Path:
    path = var_dir / "demo" / "finess-demo.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    departements = [d for r in REGIONS for d in r.departements]
    write_finess(path, establishment_rows(departements, per_departement=11, seed=2016))
    return path


FIRST_NAMES = [
    "Claire",
    "Julien",
    "Nadia",
    "Marc",
    "Sophie",
    "Karim",
    "Élise",
    "Thomas",
    "Inès",
    "Paul",
    "Camille",
    "Hugo",
    "Léa",
    "Antoine",
    "Manon",
    "Yves",
    "Amélie",
]
LAST_NAMES = [
    "Perrin",
    "Lambert",
    "Chevalier",
    "Bonnet",
    "Faure",
    "Rousseau",
    "Blanc",
    "Guerin",
    "Muller",
    "Henry",
    "Roussel",
    "Nicolas",
    "Gautier",
    "Masson",
    "Brun",
    "Marchand",
    "Dumont",
]


def load_establishments(var_dir: Path | None = None) -> None:
    """The demo regions' establishments, through the FINESS import of a generated file."""
    import_finess(_finess_file(Path(var_dir or settings.VAR_DIR)), acting_user=SYSTEM)


def load_every_region_operators() -> None:
    """The ARS and the GRADeS of every region with an ARS beyond the three demo regions, in
    the region's first département, so that any region can hold projects (issue 13 § 1: an
    imported project's MOA is by default the region's GRADeS). Idempotent."""
    demo_codes = {spec.code for spec in REGIONS}
    for region in Territory.objects.current().ars_regions().exclude(code__in=demo_codes):
        departement = region.children.departements().order_by("code").first()
        _org(
            region,
            f"ARS {region.name}",
            OrganisationType.ARS,
            LegalForm.ETABLISSEMENT_PUBLIC,
            departement,
        )
        _org(
            region,
            f"GRADeS e-santé {region.name}",
            OrganisationType.GRADES,
            LegalForm.GIP,
            departement,
        )


def load_actors_and_accounts() -> list[DemoAccount]:
    """Each demo region's ARS, GRADeS (current and former) and regional actors, one account
    per regional role, and the national organisations with their two accounts; the ARS and
    GRADeS of every other region."""
    load_every_region_operators()
    accounts: list[DemoAccount] = []
    names = iter(zip(FIRST_NAMES * 3, LAST_NAMES[3:] + LAST_NAMES * 2, strict=False))
    for spec in REGIONS:
        region = Territory.objects.current().regions().get(code=spec.code)
        chef_lieu = region.children.departements().get(code=spec.departements[0])
        orgs = {
            "ars": _org(
                region,
                spec.ars,
                OrganisationType.ARS,
                LegalForm.ETABLISSEMENT_PUBLIC,
                chef_lieu,
                short_name=f"ARS {spec.slug.upper()}",
            ),
            "grades": _org(
                region,
                spec.grades,
                OrganisationType.GRADES,
                spec.grades_form,
                chef_lieu,
                short_name=spec.grades_short,
            ),
        }
        for pattern, type_, form in REGIONAL_ACTORS:
            org = _org(region, pattern.format(region=region.name), type_, form, chef_lieu)
            if type_ == OrganisationType.URPS and "urps" not in orgs:
                orgs["urps"] = org
        for name, form, dep in FORMER_OPERATORS.get(spec.code, ()):
            _org(
                region,
                name,
                OrganisationType.GRADES,
                form,
                region.children.departements().get(code=dep),
                is_active=False,
            )
        orgs["hospital"] = (
            Organisation.objects.in_region(region)
            .filter(type=OrganisationType.HOPITAL_PUBLIC)
            .order_by("finess_et")
            .first()
        )
        for role, prefix, org_key in REGIONAL_ROLES:
            first, last = next(names)
            email = f"{prefix}.{spec.slug}@{DEMO_DOMAIN}"
            _account(email, first, last, orgs[org_key], role)
            accounts.append(DemoAccount(email, Role(role).label, orgs[org_key].name))
    national_region = Territory.objects.current().regions().get(code="11")
    ministry = _org(
        national_region,
        "Délégation au numérique en santé (DNS)",
        OrganisationType.ORGANISME_NATIONAL,
        LegalForm.ETAT,
        short_name="DNS",
    )
    agency = _org(
        national_region,
        "Agence du numérique en santé (ANS)",
        OrganisationType.ORGANISME_NATIONAL,
        LegalForm.GIP,
        short_name="ANS",
    )
    for email, first, last, org, role in (
        (f"admin-national@{DEMO_DOMAIN}", "Hélène", "Marchal", ministry, Role.NATIONAL_ADMIN),
        (f"lecture-nationale@{DEMO_DOMAIN}", "Bruno", "Carpentier", agency, Role.NATIONAL_READER),
    ):
        _account(email, first, last, org, role)
        accounts.append(DemoAccount(email, Role(role).label, org.name))
    _org(national_region, "Éditeur Santé Numérique SA", OrganisationType.EDITEUR, LegalForm.SOCIETE)
    return accounts
