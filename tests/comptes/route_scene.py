"""The scene of the generated access test (`test_every_route.py`): two regions, Bourgogne-
Franche-Comté ("own", where the regional accounts work) and Auvergne-Rhône-Alpes ("other"),
each holding an object of every kind a route needs, and one account per role.

It is built once per module through the services (as a user would) and flushed when the module
ends; every test case runs in its own transaction, so a POST never leaks into the next case."""

import datetime
import inspect
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from pilote.acteurs import services as acteurs_services
from pilote.cadre import services as cadre_services
from pilote.cadre.models import ChangeAction, Component
from pilote.comptes import services as comptes_services
from pilote.comptes.access import SYSTEM
from pilote.comptes.models import Role, TokenScope
from pilote.cooperation import services as cooperation
from pilote.cooperation.models import Need
from pilote.financement import plans, programmes, tranches
from pilote.financement import services as funding
from pilote.financement.models import BudgetLine, Channel, Envelope, Funder, Origin
from pilote.financement.models_programmes import ProgrammeWindow, UsageProgramme
from pilote.financement.reference import load_funding_reference
from pilote.gouvernance import services as governance
from pilote.gouvernance.models import (
    Action,
    Adhesion,
    AgendaItem,
    Body,
    BodyKind,
    Charter,
    College,
    Decision,
    EthicsReferral,
    Meeting,
    PortfolioReview,
    Presence,
    Scope,
    Seat,
)
from pilote.gouvernance.services_referrals import submit_referral
from pilote.indicateurs.definitions import load_definitions
from pilote.indicateurs.import_jobs import start_values_import
from pilote.indicateurs.models import DataElement, Dataset, Indicator, Level
from pilote.indicateurs.periods import SEMESTER
from pilote.indicateurs.workflow import open_campaign
from pilote.portefeuille import services as portfolio
from pilote.portefeuille.models import (
    DigitalService,
    Document,
    DocumentKind,
    Milestone,
    Phase,
    Programme,
    ProgrammeKind,
    Risk,
    Staffing,
    Strategy,
)
from tests.conftest import World
from tests.factories import OrganisationFactory, ProjectFactory, user_with_role

OWN, OTHER = "own", "other"


class Side:
    """One region's objects (`own` = BFC, `other` = ARA)."""

    def __init__(self, region_world, national_admin, requester):
        w = region_world
        self.region, self.departement = w.region, w.departement
        self.ars, self.grades, self.hospital = w.ars, w.grades, w.hospital
        self.users = w.users
        officer = w.users[Role.ARS_OFFICER]
        name = w.region.name
        self.function = acteurs_services.add_person_with_function(
            acting_user=officer,
            organisation=w.hospital,
            person_values={"first_name": "Dominique", "last_name": f"DSI {name}", "email": ""},
            title="DSI",
        )
        self.strategy = portfolio.save_strategy(
            acting_user=officer,
            strategy=Strategy(
                region=w.region, title=f"Stratégie {name}", start_year=2023, end_year=2027
            ),
        )
        self.programme = portfolio.save_programme(
            acting_user=officer,
            programme=Programme(
                strategy=self.strategy, code="P1", title="Socle", kind=ProgrammeKind.SOCLE
            ),
        )
        self.strategy_document = _document(officer, strategy=self.strategy)
        portfolio.save_strategy_document(
            acting_user=officer, strategy=self.strategy, document=self.strategy_document
        )
        self.project = ProjectFactory(
            region=w.region, moa=w.hospital, moa_delegate=w.grades, code=f"{w.region.code}-ROR"
        )
        day = datetime.date(2026, 6, 30)
        self.milestone = Milestone(project=self.project, title="Recette", planned_on=day)
        self.risk = Risk(project=self.project, title="Retard", probability=2, impact=2)
        self.staffing = Staffing(project=self.project, profile="chef_projet", year=2026, fte=1)
        self.document = _document(officer)
        for child in (self.milestone, self.risk, self.staffing, self.document):
            portfolio.save_child(acting_user=officer, project=self.project, child=child)
        portfolio.ensure_checklist(acting_user=officer, project=self.project)
        # asked by someone outside the role accounts, so that every decider may decide it
        self.gate = portfolio.request_gate(
            acting_user=requester(w), project=self.project, to_phase=Phase.OPPORTUNITE
        )
        self.catalogue_entry = portfolio.save_catalogue_entry(
            acting_user=officer,
            entry=DigitalService(region=w.region, name=f"Agenda {name}", operator=w.grades),
        )
        self.report = None  # set by the scene once the campaign is open


def _funding(side):
    """An envelope of the region, programmed to its GRADeS, committed, with a tranche."""
    officer = side.users[Role.ARS_OFFICER]
    side.envelope = funding.save_envelope(
        acting_user=officer,
        envelope=Envelope(
            region=side.region,
            funder=Funder.objects.get(code="ars-fir"),
            line=BudgetLine.objects.get(code="e-sante-gcs"),
            year=2026,
            amount=Decimal("1000000.00"),
            channel=Channel.GRADES,
            origin=Origin.REGIONAL,
            notified_on=datetime.date(2026, 2, 15),
            source="Scène",
        ),
    )
    side.allocation = funding.allocate(
        acting_user=officer,
        envelope=side.envelope,
        beneficiary=side.grades,
        label="Fonctionnement",
        amount=Decimal("500000.00"),
        programmed_on=datetime.date(2026, 3, 1),
    )
    side.commitment = funding.commit(
        acting_user=officer,
        allocation=side.allocation,
        reference=f"CONV-{side.region.code}",
        decided_on=datetime.date(2026, 3, 20),
        amount=Decimal("500000.00"),
    )
    side.tranche = tranches.add_tranche(
        acting_user=officer,
        commitment=side.commitment,
        label="Première tranche",
        amount=Decimal("100000.00"),
        deliverable="Rapport d'activité",
    )
    side.plan = plans.create_plan(
        acting_user=officer,
        region=side.region,
        operator=side.grades,
        first_year=2025,
        title=f"Plan {side.region.name}",
    )


def _cpom(side):
    """A 2025–2027 CPOM of the region with its GRADeS, a 2026 dialogue and one action."""
    from pilote.contrats import services as contracts

    officer = side.users[Role.ARS_OFFICER]
    side.cpom = contracts.create_cpom(
        acting_user=officer,
        region=side.region,
        operator=side.grades,
        title=f"CPOM {side.region.name}",
        start_year=2025,
        end_year=2027,
    )
    dialogue = contracts.record_dialogue(
        acting_user=officer, cpom=side.cpom, year=2026, comments="Revue annuelle"
    )
    side.cpom_action = contracts.add_action(
        acting_user=officer, dialogue=dialogue, title="Relancer les établissements"
    )


def _survey(side, campaign):
    """A grid of the region's GRADeS in the survey campaign, its criteria opened, and the
    questionnaire of its ARS."""
    from pilote.enquete import services as survey
    from pilote.enquete import services_answers
    from pilote.enquete.places import PlaceResolver

    side.survey_grid, _status = survey.save_grid(
        acting_user=SYSTEM,
        campaign=campaign,
        year=2025,
        place=PlaceResolver().resolve(side.region.code, 2025),
        operator_name=side.grades.name,
        operator=side.grades,
        values={"etp_total": Decimal("5")},
    )
    side.survey_criterion = services_answers.prefill_criteria(
        acting_user=SYSTEM, grid=side.survey_grid
    )[0]
    side.survey_questionnaire = services_answers.answer_questionnaire(
        acting_user=side.users[Role.ARS_OFFICER],
        campaign=campaign,
        region=side.region,
        answers={"q3": "Oui"},
    )


def _governance(side):
    """The region's COSSIS (regional, not public: hidden from the other region's regional
    accounts) with three seats, a charter and an adhesion act with its scan, a meeting whose
    agenda item is about the region's project, its attendance, a decision and an action owned
    by the region's ARS officer."""
    officer = side.users[Role.ARS_OFFICER]
    name = side.region.name
    side.body = governance.save_body(
        acting_user=officer,
        body=Body(
            name=f"COSSIS {name}",
            short_name="COSSIS",
            kind=BodyKind.COSSIS,
            scope=Scope.REGION,
            region=side.region,
        ),
    )
    seats = [
        governance.save_seat(
            acting_user=officer,
            seat=Seat(
                body=side.body,
                organisation=organisation,
                college=College.INSTITUTIONS,
                titular=f"Titulaire {organisation.name}",
                starts_on=datetime.date(2026, 1, 1),
            ),
        )
        for organisation in (side.ars, side.grades, side.hospital)
    ]
    side.seat = seats[-1]
    side.charter = governance.save_charter(
        acting_user=officer,
        charter=Charter(
            body=side.body,
            title=f"Charte e-santé {name}",
            version="1",
            adopted_on=datetime.date(2026, 1, 15),
        ),
    )
    adhesion = Adhesion(
        charter=side.charter,
        organisation=side.hospital,
        signatory="Camille Directrice",
        signatory_function="Directrice",
        signed_on=datetime.date(2026, 2, 1),
    )
    adhesion.scan.save("acte.pdf", ContentFile(b"%PDF-1.4 acte"), save=False)
    side.adhesion = governance.record_adhesion(acting_user=officer, adhesion=adhesion)
    start = timezone.make_aware(datetime.datetime(2026, 3, 12, 14, 0))
    side.meeting = governance.convene(
        acting_user=officer,
        meeting=Meeting(
            body=side.body,
            title="COSSIS de printemps",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
            place=f"ARS {name}",
        ),
        items=[("Avancement du ROR", side.project)],
    )
    side.item = AgendaItem.objects.get(meeting=side.meeting)
    governance.record_attendance(
        acting_user=officer,
        meeting=side.meeting,
        rows=dict.fromkeys(seats, (Presence.PRESENT, None)),
    )
    side.decision = governance.record_decision(
        acting_user=officer,
        decision=Decision(meeting=side.meeting, item=side.item, text="Le ROR est priorisé."),
    )
    side.action = governance.add_action(
        acting_user=officer,
        action=Action(
            meeting=side.meeting,
            item=side.item,
            title="Présenter le planning du ROR",
            owner=officer,
            due_on=datetime.date(2026, 6, 1),
        ),
    )
    # a yearly review kept with the meeting (its files' content does not matter here;
    # tests/gouvernance/test_review.py produces real ones through the service)
    side.review = PortfolioReview(
        meeting=side.meeting,
        item=governance.add_item(acting_user=officer, meeting=side.meeting, title="Revue 2025"),
        year=2025,
        snapshot_hash="0" * 64,
    )
    side.review.pdf.save("revue.pdf", ContentFile(b"%PDF-1.4 revue"), save=False)
    side.review.xlsx.save("revue.xlsx", ContentFile(b"PK revue"), save=False)
    side.review.save()
    # the region's ethics committee (its secretariat: the GRADeS) and a referral the
    # hospital's project owner submitted, not yet screened
    committee = governance.save_body(
        acting_user=officer,
        body=Body(
            name=f"Comité d'éthique {name}",
            kind=BodyKind.ETHICS,
            scope=Scope.REGION,
            region=side.region,
            secretariat=side.grades,
        ),
    )
    side.referral = submit_referral(
        acting_user=side.users[Role.PROJECT_OWNER],
        referral=EthicsReferral(
            committee=committee,
            requester_organisation=side.hospital,
            title="Consentement",
            question="Faut-il un consentement écrit ?",
        ),
    )


def _cooperation(own, other):
    """Each project's cooperation sheet, shared; a need of each region; and the invitation each
    region received from the other (own: BFC invited to an ARA project; other: the reverse)."""
    for side in (own, other):
        officer = side.users[Role.ARS_OFFICER]
        cooperation.save_sheet(
            acting_user=officer, project=side.project, values={"shared": True, "solution": "ROR"}
        )
        side.need = cooperation.declare_need(
            acting_user=officer,
            need=Need(region=side.region, title="Annuaire", description="Un annuaire des ESMS"),
        )
    for side, partner in ((own, other), (other, own)):
        proposal = cooperation.propose(
            acting_user=partner.users[Role.ARS_OFFICER],
            project=partner.project,
            regions=[side.region],
            message="Porter ensemble",
        )
        side.invitation = proposal.invitations.get()


def _document(user, strategy=None):
    document = Document(strategy=strategy, kind=DocumentKind.AUTRE, title="Note", uploaded_by=user)
    document.file.save("note.pdf", ContentFile(b"%PDF-1.4 note"), save=False)
    return document


def _requester(region_world):
    return user_with_role(Role.PROJECT_OWNER, region_world.hospital)


class Scene:
    """Everything the routes' arguments are built from."""

    def __init__(self):
        world = World()
        self.world = world
        self.national = {
            Role.NATIONAL_ADMIN: world.national_admin,
            Role.NATIONAL_READER: world.national_reader,
        }
        self.framework = cadre_services.load_framework_2016(acting_user=SYSTEM)
        self.own = Side(world.bfc, world.national_admin, _requester)
        self.other = Side(world.ara, world.national_admin, _requester)
        # a département of the other region, where an organisation could be moved
        self.own.elsewhere, self.other.elsewhere = self.other.departement, self.own.departement
        admin = world.national_admin
        self.draft = cadre_services.create_next_version(acting_user=admin, source=self.framework)
        self.draft_item = self.draft.socle_services.order_by("pk").first()
        self.evolution = cadre_services.submit_evolution(
            acting_user=world.bfc.users[Role.ARS_OFFICER],
            title="Ajouter les outils de coordination",
            rationale="Expérimentations concluantes",
            component=Component.SOCLE,
            action=ChangeAction.ADD,
            target_code="COORDINATION",
            proposed_name="Outils de coordination",
            proposed_category="coordination",
            origin_label="ARS",
        )
        load_definitions(acting_user=SYSTEM)
        today = datetime.date.today()
        self.campaign = open_campaign(
            acting_user=admin,
            dataset=Dataset.objects.get(code="SOCLE_SEMESTRIEL"),
            period="2026S2",
            opens_on=today - datetime.timedelta(days=10),
            deadline=today + datetime.timedelta(days=10),
            locks_on=today + datetime.timedelta(days=30),
        )
        self.data_element = self.campaign.dataset.data_elements.order_by("pk").first()
        self.indicator = Indicator.objects.filter(on_dashboard=True).order_by("pk").first()
        for side in (self.own, self.other):
            side.report = self.campaign.reports.get(region=side.region, organisation=None)
        self._establishment_reports(admin, today)
        load_funding_reference(acting_user=SYSTEM)
        for side in (self.own, self.other):
            _funding(side)
            _cpom(side)
            _governance(side)
        from pilote.enquete import services as survey

        self.survey = survey.create_campaign(acting_user=SYSTEM, name="Enquête 2025", years=[2025])
        for side in (self.own, self.other):
            _survey(side, self.survey)
        self._usage_programme(admin)
        _cooperation(self.own, self.other)
        # a background job started by the BFC ARS officer (an import of values, dry run)
        self.job = start_values_import(
            acting_user=world.bfc.users[Role.ARS_OFFICER],
            campaign=self.campaign,
            data=b"donnee;periode;valeur\n",
            file_format="csv",
            filename="valeurs.csv",
            dry_run=True,
        )
        self.tokens = {
            user.pk: comptes_services.create_api_token(
                acting_user=user, name="Tableur", scope=TokenScope.READ_WRITE, valid_days=30
            )[0]
            for user in self.accounts()
        }

        self.admin_objects = self._admin_objects()

    def _establishment_reports(self, admin, today):
        """A dataset entered per establishment, with a report for an establishment of each
        region that none of the accounts belongs to."""
        dataset = Dataset.objects.create(
            code="ES_NUMERIQUE",
            name="Usages numériques",
            period_type=SEMESTER,
            level=Level.ORGANISATION,
        )
        dataset.data_elements.set(DataElement.objects.filter(code__in=["DMP_CREES"]))
        # The FINESS comes from the side, not from the region's key: PostgreSQL sequences are not
        # reset between tests, so a key soon has three digits and no longer fits a FINESS.
        for number, side in enumerate((self.own, self.other), start=1):
            side.establishment = OrganisationFactory(
                name=f"CH voisin {side.region.name}",
                finess_et=f"{number:02d}0000009",
                departement=side.departement,
            )
        dataset.organisations.set([self.own.establishment, self.other.establishment])
        campaign = open_campaign(
            acting_user=admin,
            dataset=dataset,
            period="2026S1",
            opens_on=today,
            deadline=today + datetime.timedelta(days=5),
            locks_on=today + datetime.timedelta(days=10),
        )
        self.establishment_element = DataElement.objects.get(code="DMP_CREES")
        for side in (self.own, self.other):
            side.establishment_report = campaign.reports.get(organisation=side.establishment)

    def _usage_programme(self, admin):
        """A national usage-based programme whose window lists each side's establishment,
        rolled out in both regions on their envelope."""
        self.usage_programme = programmes.save_programme(
            acting_user=admin,
            programme=UsageProgramme(
                code="sun-es", name="SUN-ES", funder=Funder.objects.get(code="agence-nationale")
            ),
        )
        self.window = programmes.save_window(
            acting_user=admin,
            window=ProgrammeWindow(
                programme=self.usage_programme,
                name="Fenêtre 1",
                period="2026S1",
                data_element=self.establishment_element,
                threshold=10,
                lump_sum=Decimal("1000.00"),
            ),
            eligible=[self.own.establishment, self.other.establishment],
        )
        for side in (self.own, self.other):
            programmes.roll_out(
                acting_user=side.users[Role.ARS_OFFICER],
                window=self.window,
                region=side.region,
                envelope=side.envelope,
                decided_on=datetime.date(2026, 3, 1),
            )

    def _admin_objects(self) -> dict:
        """One object of each model of the Django admin, by "app_model"."""
        from django.contrib import admin
        from django.contrib.auth.models import Group
        from dsfr.models import DsfrConfig

        from pilote.territoires.models import ArsArea

        Group.objects.create(name="Relecteurs")
        DsfrConfig.objects.create()
        ArsArea.objects.create(code="ARS-BFC", name="ARS Bourgogne-Franche-Comté")
        return {
            f"{m._meta.app_label}_{m._meta.model_name}": m.objects.order_by("pk").first()
            for m in admin.site._registry
        }

    def accounts(self):
        return [*self.national.values(), *self.own.users.values()]

    def account(self, role):
        """The account of `role`: national, or the BFC one for a regional role."""
        return self.national.get(role) or self.own.users[role]

    def side(self, region):
        return self.other if region == OTHER else self.own

    def value(self, spec, region, user):
        """What a row's argument `spec` names: "=literal", "token" (the acting user's own
        token), or an attribute path of the region's side, else of the scene
        ("project", "region.code", "draft.year")."""
        if not isinstance(spec, str):
            return spec
        if spec.startswith("="):
            return spec[1:]
        if spec == "token":
            token = self.tokens.get(getattr(user, "pk", None)) or self.tokens[self.own_pk()]
            return token.pk
        head, *rest = spec.split(".")
        side = self.side(region)
        obj = getattr(side, head) if hasattr(side, head) else getattr(self, head)
        for attr in rest or ["pk"]:
            obj = obj[attr] if isinstance(obj, dict) else getattr(obj, attr)
            obj = obj() if inspect.ismethod(obj) else obj
        return obj.pk if hasattr(obj, "_meta") else obj

    def own_pk(self):
        return self.own.users[Role.ARS_OFFICER].pk

    @staticmethod
    def is_regional(spec) -> bool:
        return (
            isinstance(spec, str) and not spec.startswith("=") and spec.split(".")[0] in SIDE_KEYS
        )


SIDE_KEYS = frozenset(
    {
        "region",
        "departement",
        "ars",
        "grades",
        "hospital",
        "function",
        "strategy",
        "programme",
        "strategy_document",
        "project",
        "milestone",
        "risk",
        "staffing",
        "document",
        "gate",
        "catalogue_entry",
        "report",
        "establishment",
        "establishment_report",
        "elsewhere",
        "envelope",
        "allocation",
        "commitment",
        "tranche",
        "cpom",
        "cpom_action",
        "plan",
        "body",
        "seat",
        "charter",
        "adhesion",
        "meeting",
        "item",
        "decision",
        "action",
        "survey_grid",
        "survey_criterion",
        "survey_questionnaire",
        "need",
        "invitation",
        "referral",
        "review",
    }
)
