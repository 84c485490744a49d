"""Demo governance, a year of meetings beyond the Auvergne-Rhône-Alpes COSSIS (issue 12, § 9):
the Bourgogne-Franche-Comté GRADeS bodies (its general assembly, twice a year, and its
deliberative body, which appointed the director with the ARS director-general's agreement),
and the national committees (the strategic committee twice a year, the operational committee
every quarter — instruction of 2017, `001_…`). Each meeting has its attendance, decisions and
actions; an action is closed at the next meeting, whose minutes approve the previous ones.
Idempotent: a body that already has meetings is left as it is. `actor`: who acts (the system,
from `demo.py`)."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from pilote.acteurs.models import Organisation
from pilote.comptes.models import Role, User
from pilote.gouvernance import services
from pilote.gouvernance.models import (
    Action,
    ActionStatus,
    AppointmentKind,
    Body,
    BodyKind,
    College,
    Decision,
    DirectorAppointment,
    Meeting,
    Presence,
    Scope,
    Seat,
)

START = datetime.date(2025, 1, 1)


def body_once(actor, name, short, kind, scope, region, **rules) -> Body:
    """The body of that name, created if missing."""
    existing = Body.objects.filter(name=name).first()
    if existing:
        return existing
    body = Body(name=name, short_name=short, kind=kind, scope=scope, region=region, **rules)
    return services.save_body(acting_user=actor, body=body)


def seats_once(actor, body, organisations, colleges, consultative=()) -> list[Seat]:
    """A seat per organisation, with its college (those in `consultative` without a vote);
    nothing if the body has its seats already."""
    if body.seats.exists():
        return list(body.seats.all())
    return [
        services.save_seat(
            acting_user=actor,
            seat=Seat(
                body=body,
                organisation=org,
                college=college,
                titular=f"Titulaire — {org.short_name or org.name}",
                titular_email=f"titulaire.{body.pk}.{org.pk}@demo.pilote.fr",
                substitute=f"Suppléant — {org.short_name or org.name}",
                substitute_email=f"suppleant.{body.pk}.{org.pk}@demo.pilote.fr",
                voting=org not in consultative,
                starts_on=START,
            ),
        )
        for org, college in zip(organisations, colleges, strict=False)
    ]


@dataclass
class Sitting:
    """One meeting to hold: its agenda, the decisions (text, item position) and the actions
    (title, owner's e-mail, due date, item position) it records."""

    title: str
    starts_at: tuple
    items: list
    decisions: list = field(default_factory=list)
    actions: list = field(default_factory=list)


def _hold(actor, body, sitting: Sitting, place: str) -> Meeting:
    start = timezone.make_aware(datetime.datetime(*sitting.starts_at))
    meeting = services.convene(
        acting_user=actor,
        meeting=Meeting(
            body=body,
            title=sitting.title,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
            place=place,
        ),
        items=[(title, None) for title in sitting.items],
    )
    seats = list(services.seats_on_day(meeting))
    # all present but the last seat, excused
    rows = dict.fromkeys(seats[:-1], (Presence.PRESENT, None))
    rows.update(dict.fromkeys(seats[-1:], (Presence.EXCUSED, None)))
    services.record_attendance(acting_user=actor, meeting=meeting, rows=rows)
    items = list(meeting.items.order_by("position"))
    for text, position in sitting.decisions:
        services.record_decision(
            acting_user=actor, decision=Decision(meeting=meeting, item=items[position], text=text)
        )
    for title, owner, due_on, position in sitting.actions:
        services.add_action(
            acting_user=actor,
            action=Action(
                meeting=meeting,
                item=items[position],
                title=title,
                owner=User.objects.get(email=owner),
                due_on=due_on,
            ),
        )
    return meeting


def hold_year(actor, body, sittings: list[Sitting], place: str) -> list[Meeting]:
    """Hold the meetings in order; at each one, the previous meeting's minutes are approved
    and its first open action is reported done (the others are carried over)."""
    if body.meetings.exists():
        return list(body.meetings.order_by("starts_at"))
    meetings: list[Meeting] = []
    for sitting in sittings:
        meeting = _hold(actor, body, sitting, place)
        if meetings:
            previous = meetings[-1]
            carried = previous.actions.open().order_by("due_on", "pk").first()
            if carried is not None:
                services.update_action(
                    acting_user=actor, action=carried, status=ActionStatus.DONE, meeting=meeting
                )
            services.approve_minutes(acting_user=actor, meeting=previous, approved_in=meeting)
        meetings.append(meeting)
    return meetings


D = datetime.date
NATIONAL_ADMIN = "admin-national@demo.pilote.fr"
ARS_ARA = "ars-pilotage.ara@demo.pilote.fr"
ARS_BFC = "ars-pilotage.bfc@demo.pilote.fr"
GRADES_BFC = "grades.bfc@demo.pilote.fr"

STRATEGIC = [
    Sitting(
        "Comité stratégique — février 2026",
        (2026, 2, 5, 10, 0),
        ["Bilan de la feuille de route nationale", "Priorités 2026 du socle commun"],
        decisions=[("Les priorités 2026 du socle commun sont adoptées.", 1)],
        actions=[
            ("Diffuser les priorités 2026 aux ARS", NATIONAL_ADMIN, D(2026, 3, 15), 1),
            (
                "Présenter les indicateurs d'usage du socle par région",
                NATIONAL_ADMIN,
                D(2026, 6, 30),
                0,
            ),
        ],
    ),
    Sitting(
        "Comité stratégique — juillet 2026",
        (2026, 7, 2, 10, 0),
        ["Indicateurs d'usage du socle par région", "Préparation de la campagne 2027"],
        decisions=[("Le calendrier de la campagne 2027 est arrêté.", 1)],
        actions=[("Ouvrir la campagne de remontée 2027", NATIONAL_ADMIN, D(2027, 1, 15), 1)],
    ),
]
OPERATIONAL = [
    Sitting(
        f"Comité opérationnel — {label}",
        when,
        ["Avancement des services socles", "Points d'attention des régions"],
        decisions=[(decision, 0)],
        actions=[(action, owner, due, 1)],
    )
    for label, when, decision, action, owner, due in (
        (
            "janvier 2026",
            (2026, 1, 22, 14, 0),
            "Le déploiement du ROR est suivi chaque trimestre.",
            "Recenser les régions en retard sur le ROR",
            NATIONAL_ADMIN,
            D(2026, 4, 1),
        ),
        (
            "avril 2026",
            (2026, 4, 16, 14, 0),
            "La messagerie sécurisée est priorisée dans les établissements médico-sociaux.",
            "Partager le retour d'expérience de l'Auvergne-Rhône-Alpes sur la messagerie",
            ARS_ARA,
            D(2026, 6, 15),
        ),
        (
            "juin 2026",
            (2026, 6, 25, 14, 0),
            "Un groupe de travail sur l'identité nationale de santé est constitué.",
            "Proposer les membres du groupe de travail INS",
            ARS_BFC,
            D(2026, 9, 1),
        ),
        (
            "octobre 2026",
            (2026, 10, 1, 14, 0),
            "Le bilan annuel des services socles est présenté au comité stratégique.",
            "Consolider le bilan annuel des services socles",
            NATIONAL_ADMIN,
            D(2026, 11, 15),
        ),
    )
]
ASSEMBLY = [
    Sitting(
        "Assemblée générale — mars 2026",
        (2026, 3, 26, 14, 0),
        ["Comptes 2025", "Programme de travail 2026"],
        decisions=[
            ("Les comptes 2025 sont approuvés.", 0),
            ("Le programme de travail 2026 est adopté.", 1),
        ],
        actions=[("Publier le rapport d'activité 2025", GRADES_BFC, D(2026, 6, 30), 0)],
    ),
    Sitting(
        "Assemblée générale — novembre 2026",
        (2026, 11, 19, 14, 0),
        ["Budget 2027", "Adhésion de nouveaux membres"],
        decisions=[("Le budget 2027 est adopté.", 0)],
        actions=[("Instruire les demandes d'adhésion reçues", GRADES_BFC, D(2027, 2, 1), 1)],
    ),
]
BOARD = [
    Sitting(
        "Conseil d'administration — février 2026",
        (2026, 2, 10, 9, 30),
        ["Nomination du directeur", "Organisation des équipes"],
        decisions=[("Le conseil nomme le directeur, après l'accord de l'ARS.", 0)],
        actions=[("Présenter l'organigramme cible", GRADES_BFC, D(2026, 5, 31), 1)],
    ),
    Sitting(
        "Conseil d'administration — juin 2026",
        (2026, 6, 18, 9, 30),
        ["Transfert des contrats de l'ancien GCS"],
        decisions=[("Les contrats de l'ancien GCS sont repris par le GRADeS.", 0)],
        actions=[("Signer les avenants de transfert", GRADES_BFC, D(2026, 9, 30), 0)],
    ),
    Sitting(
        "Conseil d'administration — octobre 2026",
        (2026, 10, 6, 9, 30),
        ["Suivi des transferts", "Préparation du budget 2027"],
        decisions=[("Le projet de budget 2027 est soumis à l'assemblée générale.", 1)],
        actions=[("Chiffrer les besoins en personnel 2027", ARS_BFC, D(2026, 11, 1), 1)],
    ),
]


def appoint_director(actor, board, meeting) -> None:
    """The deliberative body appointed the director, with the ARS director-general's
    agreement given beforehand."""
    if DirectorAppointment.objects.filter(body=board).exists():
        return
    services.record_director_decision(
        acting_user=actor,
        appointment=DirectorAppointment(
            body=board,
            kind=AppointmentKind.APPOINTMENT,
            director="Claire Moreau",
            decided_on=meeting.starts_at.date(),
            meeting=meeting,
            ars_agreement_on=D(2026, 1, 28),
            ars_agreement_reference="Courrier du DG de l'ARS du 28/01/2026",
        ),
    )


def bfc_grades_bodies(actor, bfc) -> None:
    """The BFC GRADeS's general assembly (its members, twice a year) and its deliberative
    body, which appointed the director with the ARS director-general's agreement."""
    grades_bfc = (
        User.objects.get(email="grades.bfc@demo.pilote.fr")
        .memberships.get(role=Role.GRADES_MANAGER)
        .organisation
    )
    place = f"{grades_bfc.short_name or grades_bfc.name}, Dijon"
    assembly = body_once(
        actor,
        "Assemblée générale du GRADeS e-santé Bourgogne-Franche-Comté",
        "AG GRADeS BFC",
        BodyKind.GRADES_ASSEMBLY,
        Scope.REGION,
        bfc,
        meetings_per_year=2,
        secretariat=grades_bfc,
    )
    bfc_members = Organisation.objects.in_region(bfc).filter(is_active=True).order_by("name")[:6]
    seats_once(actor, assembly, bfc_members, [College.HOSPITALS] * 6)
    hold_year(actor, assembly, ASSEMBLY, place)
    board = body_once(
        actor,
        "Conseil d'administration du GRADeS e-santé Bourgogne-Franche-Comté",
        "CA GRADeS BFC",
        BodyKind.BOARD,
        Scope.REGION,
        bfc,
        meetings_per_year=3,
        secretariat=grades_bfc,
    )
    seats_once(actor, board, bfc_members[:4], [College.HOSPITALS] * 4)
    meetings = hold_year(actor, board, BOARD, place)
    appoint_director(actor, board, meetings[0])


def national_committees(actor, ars_ara, grades_ara) -> None:
    """The national strategic committee (twice a year) and operational committee (every
    quarter), public: every account reads them."""
    ministry = (
        User.objects.get(email="admin-national@demo.pilote.fr").memberships.get().organisation
    )
    ars_bfc = Organisation.objects.get(name="ARS Bourgogne-Franche-Comté")
    place = "Ministère de la Santé, Paris"
    for name, short, kind, sittings, per_year in (
        (
            "Comité stratégique national de la e-santé",
            "Comité stratégique",
            BodyKind.NATIONAL_STRATEGIC,
            STRATEGIC,
            2,
        ),
        (
            "Comité opérationnel national de la e-santé",
            "Comité opérationnel",
            BodyKind.NATIONAL_OPERATIONAL,
            OPERATIONAL,
            4,
        ),
    ):
        body = body_once(
            actor, name, short, kind, Scope.NATION, None, is_public=True, meetings_per_year=per_year
        )
        members = [ministry, ars_ara, ars_bfc, grades_ara]
        seats_once(actor, body, members, [College.INSTITUTIONS] * 3 + [College.OPERATORS])
        hold_year(actor, body, sittings, place)
