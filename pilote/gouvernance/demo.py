"""Demo governance (issue 12, § 9): the Auvergne-Rhône-Alpes COSSIS with the members the
charter names at its installation (the GRADeS invited without a vote), its charter and
adhesions, two meetings (decisions, actions, the first minutes approved at the second) and one
to come; two CASSIS; the ethics committee and its referrals; the Bourgogne-Franche-Comté
GRADeS bodies and the national committees with a year of meetings (`demo_year`); the GRADeS
set-up follow-up (`demo_setup`). Idempotent."""

import datetime

from django.utils import timezone

from pilote.acteurs.demo import _org as organisation
from pilote.acteurs.models import LegalForm, Organisation, OrganisationType
from pilote.comptes.access import SYSTEM
from pilote.comptes.models import Role, User
from pilote.gouvernance import demo_year, services
from pilote.gouvernance.demo_setup import load_setup_demo
from pilote.gouvernance.demo_year import body_once, seats_once
from pilote.gouvernance.models import (
    Action,
    Adhesion,
    Body,
    BodyKind,
    Charter,
    College,
    Decision,
    Meeting,
    Presence,
    Scope,
)
from pilote.portefeuille.models import Project
from pilote.territoires.models import Territory

# The ARA charter, article 3-1: "outre l'ARS, sont représentés lors de son installation" —
# (name, type, legal form, département, college); the CISS is France Assos Santé since 2017.
R = "Auvergne-Rhône-Alpes"
INSTALLATION = (
    (
        f"France Assos Santé {R}",
        OrganisationType.ASSOCIATION_PATIENTS,
        LegalForm.ASSOCIATION,
        "69",
        College.USERS,
    ),
    (
        f"Conseil régional {R}",
        OrganisationType.COLLECTIVITE,
        LegalForm.COLLECTIVITE,
        "69",
        College.INSTITUTIONS,
    ),
    (
        "Conseil départemental du Puy-de-Dôme",
        OrganisationType.COLLECTIVITE,
        LegalForm.COLLECTIVITE,
        "63",
        College.INSTITUTIONS,
    ),
    (
        "Conseil départemental de l'Isère",
        OrganisationType.COLLECTIVITE,
        LegalForm.COLLECTIVITE,
        "38",
        College.INSTITUTIONS,
    ),
    (
        "Conseil régional de l'Ordre des médecins Auvergne",
        OrganisationType.AUTRE,
        "",
        "63",
        College.PRIVATE_PRACTICE,
    ),
    (
        "Conseil régional de l'Ordre des médecins Rhône-Alpes",
        OrganisationType.AUTRE,
        "",
        "69",
        College.PRIVATE_PRACTICE,
    ),
    (
        f"URPS Médecins libéraux {R}",
        OrganisationType.URPS,
        LegalForm.ASSOCIATION,
        "69",
        College.PRIVATE_PRACTICE,
    ),
    (
        f"URPS Pharmaciens {R}",
        OrganisationType.URPS,
        LegalForm.ASSOCIATION,
        "69",
        College.PRIVATE_PRACTICE,
    ),
    (
        f"URPS Infirmiers {R}",
        OrganisationType.URPS,
        LegalForm.ASSOCIATION,
        "69",
        College.PRIVATE_PRACTICE,
    ),
    (
        "CPAM du Rhône",
        OrganisationType.ASSURANCE_MALADIE,
        LegalForm.ETAT,
        "69",
        College.INSTITUTIONS,
    ),
    (
        f"DCGDR Assurance maladie {R}",
        OrganisationType.ASSURANCE_MALADIE,
        LegalForm.ETAT,
        "69",
        College.INSTITUTIONS,
    ),
    (f"FHF {R}", OrganisationType.FEDERATION, LegalForm.ASSOCIATION, "69", College.HOSPITALS),
    (f"FHP {R}", OrganisationType.FEDERATION, LegalForm.ASSOCIATION, "69", College.HOSPITALS),
    (f"FEHAP {R}", OrganisationType.FEDERATION, LegalForm.ASSOCIATION, "69", College.MEDICO_SOCIAL),
)


def installation_members(region) -> list[tuple[Organisation, str]]:
    """The organisations the charter names, created when missing, with their college."""
    departements = region.children.departements()
    return [
        (organisation(region, name, type_, form, departements.get(code=dep)), college)
        for name, type_, form, dep, college in INSTALLATION
    ]


def _at(*args):
    return timezone.make_aware(datetime.datetime(*args))


def _meeting(body, title, start, items):
    return services.convene(
        acting_user=SYSTEM,
        meeting=Meeting(
            body=body,
            title=title,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=3),
            place="ARS Auvergne-Rhône-Alpes, Lyon",
        ),
        items=items,
    )


def _cossis_meetings(body, seats) -> None:
    if body.meetings.exists():
        return
    project = Project.objects.in_region(body.region).order_by("code").first()
    owner = User.objects.get(email="grades.ara@demo.pilote.fr")
    spring = _meeting(
        body,
        "COSSIS de printemps 2026",
        _at(2026, 3, 12, 14, 0),
        [("Feuille de route régionale 2026", None), ("Point d'étape du projet", project)],
    )
    presences = [Presence.PRESENT] * 9 + [Presence.SUBSTITUTE] + [Presence.EXCUSED] * 2
    rows = {seat: (presence, None) for seat, presence in zip(seats, presences, strict=False)}
    services.record_attendance(acting_user=SYSTEM, meeting=spring, rows=rows)
    roadmap, about_project = spring.items.all()
    services.save_notes(
        acting_user=SYSTEM,
        item=roadmap,
        notes="L'ARS présente la feuille de route ; les URPS demandent un calendrier.",
    )
    services.record_decision(
        acting_user=SYSTEM,
        decision=Decision(
            meeting=spring,
            item=roadmap,
            text="Le COSSIS adopte la feuille de route régionale 2026.",
            votes_for=9,
            votes_against=0,
            abstentions=1,
        ),
    )
    services.record_decision(
        acting_user=SYSTEM,
        decision=Decision(
            meeting=spring, item=about_project, text="Avis favorable à la poursuite du projet."
        ),
    )
    action = services.add_action(
        acting_user=SYSTEM,
        action=Action(
            meeting=spring,
            item=roadmap,
            title="Proposer un calendrier de déploiement par territoire",
            owner=owner,
            due_on=datetime.date(2026, 6, 1),
        ),
    )
    services.add_action(
        acting_user=SYSTEM,
        action=Action(
            meeting=spring,
            item=about_project,
            title="Présenter les premiers indicateurs d'usage",
            owner=owner,
            due_on=datetime.date(2026, 9, 30),
        ),
    )
    autumn = _meeting(
        body,
        "COSSIS d'automne 2026",
        _at(2026, 10, 8, 14, 0),
        [("Approbation du compte rendu du printemps", None), ("Suivi des actions", None)],
    )
    services.update_action(acting_user=SYSTEM, action=action, status="faite", meeting=autumn)
    services.approve_minutes(acting_user=SYSTEM, meeting=spring, approved_in=autumn)
    # the next one, six weeks after the day the demo is loaded: the yearly portfolio review
    day = max(datetime.date.today() + datetime.timedelta(days=45), datetime.date(2026, 11, 5))
    _meeting(
        body,
        "Prochain COSSIS",
        _at(day.year, day.month, day.day, 14, 0),
        [("Approbation du compte rendu d'automne", None), ("Revue annuelle du portefeuille", None)],
    )


def _adhere(charter, org, signed_on) -> Adhesion:
    return services.record_adhesion(
        acting_user=SYSTEM,
        adhesion=Adhesion(
            charter=charter,
            organisation=org,
            signatory=f"Direction — {org.short_name or org.name}",
            signatory_function="Directeur ou directrice",
            signed_on=signed_on,
        ),
    )


def _charter(body, signatories) -> None:
    """The ARA e-health charter: adhesion for five years; one member withdrew in writing."""
    if body.charters.exists():
        return
    charter = services.save_charter(
        acting_user=SYSTEM,
        charter=Charter(
            body=body,
            title="Charte régionale de la e-santé en Auvergne-Rhône-Alpes",
            version="1",
            adopted_on=datetime.date(2025, 1, 15),
            duration_years=5,
        ),
    )
    adhesions = [_adhere(charter, org, datetime.date(2025, 2, 1)) for org in signatories]
    services.withdraw_adhesion(
        acting_user=SYSTEM,
        adhesion=adhesions[-1],
        requested_on=datetime.date(2026, 4, 2),
        withdrawn_on=datetime.date(2026, 5, 1),
    )


def _cassis(region, members, ars) -> None:
    """Two territorial committees; the first one's charter of 2021 has an adhesion that
    expires within two months of the day the demo is loaded (the ARS is told 90 and 30 days
    before: `pilote send_reminders`)."""
    for name, short in (
        ("Comité territorial e-santé Auvergne", "CASSIS Auvergne"),
        ("Comité territorial e-santé Rhône-Alpes", "CASSIS Rhône-Alpes"),
    ):
        body = body_once(
            SYSTEM, name, short, BodyKind.CASSIS, Scope.REGION, region, secretariat=ars
        )
        colleges = [College.INSTITUTIONS, College.OPERATORS, College.HOSPITALS, College.HOSPITALS]
        seats_once(SYSTEM, body, members[:4], colleges)
    body = Body.objects.get(short_name="CASSIS Auvergne")
    if body.charters.exists():
        return
    charter = services.save_charter(
        acting_user=SYSTEM,
        charter=Charter(
            body=body,
            title="Charte du comité territorial Auvergne",
            version="1",
            adopted_on=datetime.date(2021, 1, 4),
            duration_years=5,
        ),
    )
    signed = services.add_years(datetime.date.today(), -5) + datetime.timedelta(days=60)
    _adhere(charter, members[2], max(signed, charter.adopted_on))


def _ethics(region, members) -> None:
    """The ARA ethics committee (its secretariat: the URPS whose member records its opinions)
    and two referrals of the demo project owner: one answered, one awaiting the ARS."""
    from pilote.gouvernance import services_referrals as referrals
    from pilote.gouvernance.models import EthicsReferral

    member = User.objects.get(email="instance.ara@demo.pilote.fr")
    committee = body_once(
        SYSTEM,
        "Comité d'éthique de la e-santé Auvergne-Rhône-Alpes",
        "Comité d'éthique ARA",
        BodyKind.ETHICS,
        Scope.REGION,
        region,
        meetings_per_year=4,
        secretariat=member.memberships.get(role=Role.BODY_MEMBER).organisation,
    )
    seats_once(SYSTEM, committee, members[:3], [College.QUALIFIED] * 3)
    if committee.referrals.exists():
        return
    requester = User.objects.get(email="porteur.ara@demo.pilote.fr")
    hospital = requester.memberships.get(role=Role.PROJECT_OWNER).organisation
    officer = User.objects.get(email="ars-pilotage.ara@demo.pilote.fr")
    answered = referrals.submit_referral(
        acting_user=requester,
        referral=EthicsReferral(
            committee=committee,
            requester_organisation=hospital,
            title="Consentement des patients à la télésurveillance",
            question=(
                "Le recueil du consentement à la télésurveillance peut-il être oral, tracé "
                "dans le dossier, ou faut-il un écrit signé ?"
            ),
        ),
    )
    referrals.forward_referral(acting_user=officer, referral=answered, note="Recevable.")
    referrals.give_opinion(
        acting_user=member,
        referral=answered,
        opinion=(
            "Un consentement oral, éclairé et tracé dans le dossier du patient suffit ; une "
            "information écrite lui est remise."
        ),
    )
    referrals.submit_referral(
        acting_user=requester,
        referral=EthicsReferral(
            committee=committee,
            title="Réutilisation des données de l'entrepôt hospitalier",
            question="Quelles garanties avant de réutiliser ces données pour une étude ?",
        ),
    )


def load_governance_demo() -> None:
    load_setup_demo()
    regions = Territory.objects.current().regions()
    ara = regions.get(code="84")
    ars_ara = Organisation.objects.get(name="ARS Auvergne-Rhône-Alpes")
    cossis = body_once(
        SYSTEM,
        "Comité stratégique des systèmes d'information de santé Auvergne-Rhône-Alpes",
        "COSSIS ARA",
        BodyKind.COSSIS,
        Scope.REGION,
        ara,
        secretariat=ars_ara,
    )
    grades_ara = (
        User.objects.get(email="grades.ara@demo.pilote.fr")
        .memberships.get(role=Role.GRADES_MANAGER)
        .organisation
    )
    named = installation_members(ara)
    # the ARS, the members named by the charter, the GRADeS invited without a vote
    seats = seats_once(
        SYSTEM,
        cossis,
        [ars_ara] + [org for org, _college in named] + [grades_ara],
        [College.INSTITUTIONS] + [college for _org, college in named] + [College.OPERATORS],
        consultative=[grades_ara],
    )
    _cossis_meetings(cossis, seats)
    _charter(cossis, [org for org, _college in named])

    # the territorial committees and the ethics committee: the ARS, the GRADeS and the first
    # establishments of the region
    hospitals = (
        Organisation.objects.in_region(ara)
        .filter(is_active=True, type=OrganisationType.HOPITAL_PUBLIC)
        .order_by("name")
    )
    members = [ars_ara, grades_ara, *hospitals[:2]]
    _cassis(ara, members, ars_ara)
    _ethics(ara, members)

    demo_year.bfc_grades_bodies(SYSTEM, regions.get(code="27"))
    demo_year.national_committees(SYSTEM, ars_ara, grades_ara)
