"""The access policy, one row per route: every URL pattern (by name) and every operation of the
OpenAPI document (by "METHOD path"), how to build its arguments from the scene
(tests/comptes/route_scene.py) and what each role gets, in its own region and in the other one,
for each method the route accepts. `test_every_route.py` runs every row and fails when a route
has no row or a row names a route that no longer exists.

Arguments name scene objects: "project" is the project of the region under test (own = BFC,
other = ARA), "region.code" its region's code, "draft.year" a scene attribute, "=jalon" a
literal, "token" the acting user's own API token.

Answers: OK (not refused: 2xx, a redirect, or a form or body shown again with its errors,
400/422), DENY (403: the user reads the object but may not do this), HIDE (404: the user may
not know it exists, or it is an edit page they may not use), LOGIN (anonymous: sent to the login
page, 401 on the API), ADMIN_LOGIN (the Django admin sends a non-administrator to its own
login), REJECTED (422: the API refuses the content, line by line)."""

from dataclasses import dataclass, field

from pilote.comptes.models import Role

NA, NR = Role.NATIONAL_ADMIN, Role.NATIONAL_READER
AO, AR = Role.ARS_OFFICER, Role.ARS_READER
GM, PO, BM = Role.GRADES_MANAGER, Role.PROJECT_OWNER, Role.BODY_MEMBER
ANONYMOUS = "anonymous"
ROLES = [NA, NR, AO, AR, GM, PO, BM]
NATIONAL = frozenset({NA, NR})
EVERYONE = frozenset(ROLES)

OK, DENY, HIDE, LOGIN = "ok", "403", "404", "login"
ADMIN_LOGIN, REJECTED = "admin-login", "422"


@dataclass(frozen=True)
class Rule:
    """Who may: `own` = roles allowed on their own region's object (or on a route that belongs
    to no region), `other` = roles allowed on the other region's object (by default the
    national roles among `own`). A role that may read but not act gets `refused`; a regional
    role on the other region's object gets `hidden`."""

    own: frozenset
    other: frozenset | None = None
    refused: str = HIDE
    hidden: str = HIDE
    anonymous: str = LOGIN
    # (role, region) → answer, for the few exceptions a row documents
    exceptions: dict = field(default_factory=dict)

    def expect(self, role: str, region: str | None) -> str:
        if role == ANONYMOUS:
            return self.anonymous
        if (role, region) in self.exceptions:
            return self.exceptions[(role, region)]
        if region == "other":
            allowed = self.other if self.other is not None else self.own & NATIONAL
            if role in allowed:
                return OK
            return self.refused if role in NATIONAL else self.hidden
        return OK if role in self.own else self.refused

    def but(self, **changes) -> "Rule":
        from dataclasses import replace

        return replace(self, **changes)


def rule(*roles, **options) -> Rule:
    return Rule(own=frozenset(roles), **options)


# --- the policy, in a few words ----------------------------------------------------------
PUBLIC = Rule(own=EVERYONE, other=EVERYONE, anonymous=OK)  # published pages and data
LOGGED_IN = Rule(own=EVERYONE, other=EVERYONE)  # any account (a list scoped to what it reads)
READ = Rule(own=EVERYONE)  # a region's object: its roles and the national ones
NATIONAL_ONLY = rule(NA, NR, other=NATIONAL)
NATIONAL_ADMIN = rule(NA, other=frozenset({NA}))  # audit, login activity, definitions
FRAMEWORK = NATIONAL_ADMIN.but(refused=DENY)  # cadre commun buttons: refused by the service
ORG_CREATE = rule(NA, AO)
ORG_EDIT = rule(NA, AO, PO)  # the hospital: national admin, its ARS, its own project owner
ORG_RELOCATE = rule(NA, AO, refused=DENY)  # its region, département, type: never its members
ARS_EDIT = rule(NA, AO)  # strategy, programmes, convergence, infra-regional territories
CATALOGUE = rule(NA, AO, GM)
PROJECT_CREATE = rule(NA, AO, GM)
PROJECT_EDIT = rule(NA, AO, GM, PO)  # MOA = the hospital, delegated MOA = the GRADeS
GATE_DECIDE = rule(NA, AO)  # an opportunity gate: the ARS decides (never the requester)
EVOLUTION_SUBMIT = rule(NA, AO, GM)
ENTER = rule(NA, AO, GM)  # the region's report: GRADeS, ARS, national admin on its behalf
# the Django admin: national administrators; another account is sent to the admin's login
# page, a visitor to Pilote's (the site's index and password pages: to the admin's)
FUND_READ = rule(NA, NR, AO, AR, GM)  # a region's funding: not its project owners, bodies
FUND_MANAGE = rule(NA, AO)  # the ARS notifies, programmes, commits and pays
FUND_VIEW = rule(NA, NR, AO, AR, GM, other=frozenset({NA, NR, AO, AR, GM}))  # national funding
# through the API, a reader of the region's funding is refused; who may not read it, not told
FUND_WRITE = FUND_MANAGE.but(refused=DENY, exceptions={(PO, "own"): HIDE, (BM, "own"): HIDE})
# the yearly portfolio review (funding project by project): as funding, and the body members
REVIEW_READ = rule(NA, NR, AO, AR, GM, BM)
BODY_MANAGE = rule(NA, AO)  # a regional governance body: its ARS officer, national admin
# an ethics committee: the accounts of its region but the readers
REFERRAL_SUBMIT = rule(NA, AO, GM, PO, BM)
JOB_OWNER = rule(NA, AO)  # a background job of the BFC ARS officer: its owner, national admins
ADMIN = rule(NA, other=frozenset({NA}), refused=ADMIN_LOGIN)
ADMIN_SITE = ADMIN.but(anonymous=ADMIN_LOGIN)
GRID_FILL = rule(NA, GM)  # a region's survey grid: its GRADeS, the national administrator
GRID_START = rule(GM, refused=DENY, exceptions={(PO, None): HIDE, (BM, None): HIDE})
# cooperation: the ARS and GRADeS declare needs and reuse; another region's ARS or GRADeS
# says "nous aussi" (never on its own region's need, nor a national account for a region)
COOP_DECLARE = rule(NA, AO, GM)
COOP_ECHO = Rule(own=frozenset(), other=frozenset({AO, GM}))
NOBODY = Rule(own=frozenset(), other=frozenset(), anonymous=HIDE)  # answers 404 to everyone


@dataclass(frozen=True)
class Row:
    """A route: its arguments (by URL keyword, or a list for positional groups), its query
    string, its body for a POST/PATCH, and its rule per method."""

    methods: dict
    args: dict | list = field(default_factory=dict)
    query: dict = field(default_factory=dict)
    body: dict = field(default_factory=dict)


def row(args=None, query=None, body=None, **methods) -> Row:
    return Row(methods=methods, args=args or {}, query=query or {}, body=body or {})


P = {"pk": "project"}
SURVEY = {"pk": "survey"}
SURVEY_API = {"campaign_id": "survey"}
GRID = {"pk": "survey_grid"}
HOSPITAL = {"pk": "hospital"}
STRATEGY = {"pk": "strategy"}
REPORT = {"pk": "report"}
DRAFT = {"year": "draft.year"}
PERIOD = {"periode": "campaign.period"}
RENAMED = {  # the hospital's form, renamed, in its own département
    "name": "=Nouveau nom",
    "type": "hospital.type",
    "departement": "departement",
    "is_active": "=on",
}
BODY = {"pk": "body"}
MEETING = {"pk": "meeting"}
ITEM = {"pk": "item"}
REFERRAL = {"pk": "referral"}
MILESTONE = {"pk": "project", "kind": "=jalon", "child_pk": "milestone"}
DRAFT_ITEM = {"year": "draft.year", "component": "=socle", "pk": "draft_item"}
CPOM = {"pk": "cpom"}
DIALOGUE = {"pk": "cpom", "year": "=2026"}

NEED = {"pk": "need"}
INVITATION = {"pk": "invitation"}

WEB = {
    # accueil: the public home for visitors, each user's own home otherwise
    "home": row(GET=PUBLIC),
    "region": row({"code": "region.code"}, GET=READ),
    "select_region": row(POST=NATIONAL_ONLY),
    "territoires:infra": row({"code": "region.code"}, GET=READ, POST=ARS_EDIT),
    # acteurs
    "acteurs:list": row(GET=LOGGED_IN),
    # the options of an organisation picker, within the region asked for (visible_to)
    "acteurs:picker_options": row(
        query={
            "champ": "=moa",
            "portee": "=etablissements",
            "id": "=id_moa",
            "region": "region.code",
        },
        GET=READ,
    ),
    "acteurs:export_csv": row(GET=LOGGED_IN),
    "acteurs:export_xlsx": row(GET=LOGGED_IN),
    "acteurs:create": row(GET=ORG_CREATE, POST=ORG_CREATE),
    "acteurs:detail": row(HOSPITAL, GET=READ),
    "acteurs:history": row(HOSPITAL, GET=READ),
    "acteurs:edit": row(HOSPITAL, body=RENAMED, GET=ORG_EDIT, POST=ORG_EDIT),
    "acteurs:person_add": row(HOSPITAL, GET=ORG_EDIT, POST=ORG_EDIT),
    "acteurs:finess_import": row(GET=NATIONAL_ADMIN, POST=NATIONAL_ADMIN),
    "acteurs:function_end": row({"pk": "hospital", "function_pk": "function"}, POST=ORG_EDIT),
    # comptes: login and password reset are public; tokens are each account's own
    "comptes:login": row(GET=PUBLIC, POST=PUBLIC),
    "comptes:logout": row(POST=LOGGED_IN),
    "comptes:password_reset": row(GET=PUBLIC, POST=PUBLIC),
    "comptes:password_reset_done": row(GET=PUBLIC),
    "comptes:password_reset_confirm": row({"uidb64": "=MQ", "token": "=set-password"}, GET=PUBLIC),
    "comptes:password_reset_complete": row(GET=PUBLIC),
    "comptes:tokens": row(GET=LOGGED_IN, POST=LOGGED_IN),
    "comptes:revoke_token": row({"pk": "token"}, POST=LOGGED_IN),
    "comptes:login_activity": row(GET=NATIONAL_ADMIN),
    "comptes:lift_lockout": row(POST=NATIONAL_ADMIN),
    # portefeuille: lists read what the account reads; pages about the current region
    "portefeuille:list": row(GET=LOGGED_IN),
    # the import page: the ARS officer (own region's lines) and the national administrator
    "portefeuille:import": row(GET=ARS_EDIT, POST=ARS_EDIT),
    "portefeuille:export_csv": row(GET=LOGGED_IN),
    "portefeuille:export_xlsx": row(GET=LOGGED_IN),
    "portefeuille:overview": row(GET=LOGGED_IN),
    "portefeuille:compliance": row(GET=LOGGED_IN),
    "portefeuille:comparison": row(GET=LOGGED_IN),
    "portefeuille:catalogue": row(GET=LOGGED_IN),
    "portefeuille:catalogue_add": row(GET=CATALOGUE, POST=CATALOGUE),
    "portefeuille:catalogue_edit": row({"pk": "catalogue_entry"}, GET=CATALOGUE, POST=CATALOGUE),
    "portefeuille:strategies": row(GET=LOGGED_IN),
    "portefeuille:strategy_document": row(STRATEGY, GET=ARS_EDIT, POST=ARS_EDIT),
    "portefeuille:strategy_document_file": row(
        {"pk": "strategy", "document_pk": "strategy_document"}, GET=READ
    ),
    "portefeuille:strategy_add": row(GET=ARS_EDIT, POST=ARS_EDIT),
    "portefeuille:strategy_edit": row(STRATEGY, GET=ARS_EDIT, POST=ARS_EDIT),
    "portefeuille:programme_add": row(STRATEGY, GET=ARS_EDIT, POST=ARS_EDIT),
    "portefeuille:project_create": row(GET=PROJECT_CREATE, POST=PROJECT_CREATE),
    "portefeuille:project": row(P, GET=READ),
    "portefeuille:project_planning": row(P, GET=READ),
    "portefeuille:project_compliance": row(P, GET=READ),
    "portefeuille:project_risks": row(P, GET=READ),
    "portefeuille:project_decisions": row(P, GET=READ),
    "portefeuille:project_history": row(P, GET=READ),
    "portefeuille:project_edit": row(P, GET=PROJECT_EDIT, POST=PROJECT_EDIT),
    "portefeuille:document": row({"pk": "project", "document_pk": "document"}, GET=READ),
    "portefeuille:compliance_save": row(P, POST=PROJECT_EDIT),
    "portefeuille:compliance_start": row(P, POST=PROJECT_EDIT),
    "portefeuille:gate_request": row(P, POST=PROJECT_EDIT),
    "portefeuille:gate_decide": row({"pk": "project", "gate_pk": "gate"}, POST=GATE_DECIDE),
    "portefeuille:converge": row(P, GET=ARS_EDIT, POST=ARS_EDIT),
    "portefeuille:child_add": row(
        {"pk": "project", "kind": "=jalon"}, GET=PROJECT_EDIT, POST=PROJECT_EDIT
    ),
    "portefeuille:child_edit": row(MILESTONE, GET=PROJECT_EDIT, POST=PROJECT_EDIT),
    "portefeuille:child_delete": row(MILESTONE, POST=PROJECT_EDIT),
    # cadre commun: read by every account, written by the national administrator
    "cadre:versions": row(GET=LOGGED_IN),
    "cadre:diff": row(query={"de": "framework.year", "a": "draft.year"}, GET=LOGGED_IN),
    "cadre:evolutions": row(GET=LOGGED_IN),
    "cadre:evolution_submit": row(GET=EVOLUTION_SUBMIT, POST=EVOLUTION_SUBMIT),
    "cadre:evolution": row({"pk": "evolution"}, GET=LOGGED_IN),
    "cadre:evolution_step": row({"pk": "evolution", "step": "=instruire"}, POST=FRAMEWORK),
    "cadre:version": row(DRAFT, GET=LOGGED_IN),
    "cadre:version_next": row({"year": "framework.year"}, POST=FRAMEWORK),
    "cadre:version_publish": row(DRAFT, POST=FRAMEWORK),
    "cadre:item_add": row(
        {"year": "draft.year", "component": "=socle"}, GET=NATIONAL_ADMIN, POST=NATIONAL_ADMIN
    ),
    "cadre:item_edit": row(DRAFT_ITEM, GET=NATIONAL_ADMIN, POST=NATIONAL_ADMIN),
    "cadre:item_delete": row(DRAFT_ITEM, POST=FRAMEWORK),
    # public catalogue and dashboards
    "catalogue:index": row(GET=PUBLIC),
    "catalogue:region": row({"code": "region.code"}, GET=PUBLIC),
    "dashboard:national": row(GET=PUBLIC),
    "dashboard:data_csv": row(query=PERIOD, GET=PUBLIC),
    "dashboard:data_json": row(query=PERIOD, GET=PUBLIC),
    "dashboard:data_xlsx": row(query=PERIOD, GET=PUBLIC),
    "dashboard:schema": row(GET=PUBLIC),
    "dashboard:region": row({"code": "region.code"}, GET=PUBLIC),
    "dashboard:region_chart": row(
        {"code": "region.code", "indicator": "indicator.code"}, query=PERIOD, GET=PUBLIC
    ),
    # indicateurs: campaigns are national; a report is its region's
    "indicateurs:campaigns": row(GET=LOGGED_IN),
    "indicateurs:campaign_create": row(GET=NATIONAL_ADMIN, POST=NATIONAL_ADMIN),
    "indicateurs:campaign": row({"pk": "campaign"}, GET=LOGGED_IN),
    "indicateurs:template": row({"pk": "campaign"}, GET=LOGGED_IN),
    # a campaign-wide file: for those who enter one of its reports (GRADeS, ARS, national admin)
    "indicateurs:campaign_import": row({"pk": "campaign"}, POST=ENTER),
    "indicateurs:campaign_accept": row({"pk": "campaign"}, GET=NATIONAL_ADMIN, POST=NATIONAL_ADMIN),
    # an establishment's report (of a hospital none of the accounts belongs to): its region's
    # roles read it, but a project owner reads only their own establishment's
    "indicateurs:report": row(
        {"pk": "establishment_report"}, GET=READ.but(exceptions={(PO, "own"): HIDE})
    ),
    "indicateurs:value_save": row(
        {"pk": "establishment_report"},
        body={"element": "establishment_element", "value": "=12"},
        POST=ENTER.but(refused=DENY, exceptions={(PO, "own"): HIDE}),
    ),
    "indicateurs:report_import": row(REPORT, POST=ENTER),
    "indicateurs:report_step": row(
        {"pk": "report", "step": "=soumettre"}, POST=ENTER.but(refused=DENY)
    ),
    # financement: a region's envelopes, programmings, commitments and tranches
    "financement:overview": row(GET=LOGGED_IN),
    "financement:envelope_add": row(GET=FUND_MANAGE, POST=FUND_MANAGE),
    "financement:accounting_import": row(GET=FUND_MANAGE, POST=FUND_MANAGE),
    "financement:envelope": row({"pk": "envelope"}, GET=FUND_READ),
    "financement:envelope_edit": row({"pk": "envelope"}, GET=FUND_MANAGE, POST=FUND_MANAGE),
    "financement:allocation_add": row({"pk": "envelope"}, GET=FUND_MANAGE, POST=FUND_MANAGE),
    "financement:carry_over": row({"pk": "envelope"}, GET=FUND_MANAGE, POST=FUND_MANAGE),
    "financement:commitment_add": row({"pk": "allocation"}, GET=FUND_MANAGE, POST=FUND_MANAGE),
    "financement:payment_add": row({"pk": "commitment"}, GET=FUND_MANAGE, POST=FUND_MANAGE),
    "financement:tranche_add": row({"pk": "commitment"}, GET=FUND_MANAGE, POST=FUND_MANAGE),
    "financement:deliverable_approve": row({"pk": "tranche"}, GET=FUND_MANAGE, POST=FUND_MANAGE),
    "financement:tranche_pay": row({"pk": "tranche"}, GET=FUND_MANAGE, POST=FUND_MANAGE),
    # the region's operator on one page; every region's envelopes for the national roles
    "financement:supervision": row(GET=FUND_READ),
    "financement:national": row(GET=NATIONAL_ONLY),
    # enquete: the national survey of regional operators; campaigns are national objects read
    # by the survey's roles (national, ARS, GRADeS), run by the national administrator; a
    # region's grid is filled by its GRADeS, its questionnaire by its ARS officer
    "enquete:list": row(GET=FUND_READ),
    "enquete:add": row(GET=NATIONAL_ADMIN, POST=NATIONAL_ADMIN),
    "enquete:detail": row(SURVEY, GET=FUND_READ),
    "enquete:import": row(SURVEY, GET=NATIONAL_ADMIN, POST=NATIONAL_ADMIN),
    "enquete:status": row(SURVEY, POST=NATIONAL_ADMIN),
    "enquete:invite": row(SURVEY, POST=NATIONAL_ADMIN),
    "enquete:synthesis": row(SURVEY, GET=FUND_READ),
    "enquete:methodology": row({"pk": "survey.methodology"}, GET=FUND_READ),
    "enquete:synthesis_xlsx": row(SURVEY, GET=FUND_READ),
    "enquete:synthesis_pdf": row(SURVEY, GET=FUND_READ),
    # only a GRADeS manager has an operator whose grid it opens; the other readers are refused
    "enquete:grid_start": row({"pk": "survey", "year": "=2025"}, POST=GRID_START),
    "enquete:grid": row(GRID, GET=FUND_READ),
    "enquete:monograph": row(GRID, GET=FUND_READ),
    "enquete:grid_edit": row(GRID, GET=GRID_FILL, POST=GRID_FILL),
    "enquete:grid_submit": row(GRID, POST=GRID_FILL),
    "enquete:grid_prefill": row(GRID, POST=GRID_FILL),
    "enquete:criterion": row({"pk": "survey_criterion"}, GET=GRID_FILL, POST=GRID_FILL),
    "enquete:criterion_review": row(
        {"pk": "survey_criterion"}, GET=NATIONAL_ADMIN, POST=NATIONAL_ADMIN
    ),
    "enquete:questionnaire": row(SURVEY, GET=rule(AO), POST=rule(AO)),
    "enquete:questionnaire_detail": row({"pk": "survey_questionnaire"}, GET=FUND_READ),
    "enquete:questionnaire_review": row(
        {"pk": "survey_questionnaire"}, GET=NATIONAL_ADMIN, POST=NATIONAL_ADMIN
    ),
    # multi-year funding plans of the region's operator or projects, read and written like funding
    "financement:plans": row(GET=LOGGED_IN),
    "financement:plan_add": row(GET=FUND_MANAGE, POST=FUND_MANAGE),
    "financement:plan": row({"pk": "plan"}, GET=FUND_READ),
    "financement:plan_amount": row({"pk": "plan"}, GET=FUND_MANAGE, POST=FUND_MANAGE),
    "financement:plan_capacity": row({"pk": "plan"}, GET=FUND_MANAGE, POST=FUND_MANAGE),
    # national usage-based programmes: defined by the national administrator, read by whoever
    # reads funding (each sees the establishments of their regions), rolled out by the ARS
    "financement:programmes": row(GET=FUND_VIEW),
    "financement:programme_add": row(GET=NATIONAL_ADMIN, POST=NATIONAL_ADMIN),
    "financement:programme": row({"pk": "usage_programme"}, GET=FUND_VIEW),
    "financement:window_add": row(
        {"pk": "usage_programme"}, GET=NATIONAL_ADMIN, POST=NATIONAL_ADMIN
    ),
    "financement:window_rollout": row({"pk": "window"}, GET=FUND_MANAGE, POST=FUND_MANAGE),
    # contrats: the CPOM of the ARS and its GRADeS, read like funding, written by the ARS
    "contrats:list": row(GET=LOGGED_IN),
    "contrats:add": row(GET=FUND_MANAGE, POST=FUND_MANAGE),
    "contrats:detail": row(CPOM, GET=FUND_READ),
    "contrats:objective_add": row(CPOM, GET=FUND_MANAGE, POST=FUND_MANAGE),
    "contrats:sign": row(CPOM, GET=FUND_MANAGE, POST=FUND_MANAGE),
    "contrats:amend": row(CPOM, GET=FUND_MANAGE, POST=FUND_MANAGE),
    "contrats:dialogue": row(DIALOGUE, GET=FUND_READ),
    "contrats:dialogue_pdf": row(DIALOGUE, GET=FUND_READ),
    "contrats:dialogue_edit": row(DIALOGUE, GET=FUND_MANAGE, POST=FUND_MANAGE),
    "contrats:action_add": row(DIALOGUE, GET=FUND_MANAGE, POST=FUND_MANAGE),
    "contrats:action_status": row({"pk": "cpom_action"}, POST=FUND_MANAGE),
    # cooperation: the sheets of the scene's projects are shared: every account reads them
    "cooperation:index": row(GET=LOGGED_IN),
    "cooperation:sheet": row(P, GET=LOGGED_IN),
    "cooperation:sheet_edit": row(P, GET=ARS_EDIT, POST=ARS_EDIT),
    "cooperation:review": row(P, GET=NATIONAL_ADMIN, POST=NATIONAL_ADMIN),
    "cooperation:propose": row(P, GET=ARS_EDIT, POST=ARS_EDIT),
    "cooperation:draft_similar": row(query={"title": "=Annuaire"}, GET=LOGGED_IN),
    "cooperation:needs": row(GET=LOGGED_IN),
    "cooperation:need_add": row(GET=COOP_DECLARE, POST=COOP_DECLARE),
    "cooperation:need": row(NEED, GET=LOGGED_IN),
    "cooperation:need_echo": row(NEED, body={"context": "=Nous aussi"}, POST=COOP_ECHO),
    "cooperation:need_convert": row(NEED, GET=ARS_EDIT, POST=ARS_EDIT),
    # the invitation each region received: its ARS answers (the proposing region reads it)
    "cooperation:answer": row(INVITATION, GET=ARS_EDIT, POST=ARS_EDIT),
    "cooperation:pairs": row(GET=NATIONAL_ONLY),
    "cooperation:pair_judge": row(POST=NATIONAL_ONLY),
    "cooperation:threshold": row(GET=NATIONAL_ADMIN, POST=NATIONAL_ADMIN),
    "cooperation:map": row(GET=LOGGED_IN),
    "cooperation:reuse_add": row(GET=COOP_DECLARE, POST=COOP_DECLARE),
    # gouvernance: a regional body (not public) is read by its region's roles and the national
    # ones; it is managed by its region's ARS officer and the national administrator
    "gouvernance:index": row(GET=LOGGED_IN),
    "gouvernance:my_actions": row(GET=LOGGED_IN),
    "gouvernance:setup_table": row(GET=LOGGED_IN),  # each role reads its own regions' rows
    "gouvernance:region": row({"code": "region.code"}, GET=READ),
    "gouvernance:body": row(BODY, GET=READ),
    "gouvernance:register": row(BODY, GET=READ),
    "gouvernance:seat_add": row(BODY, GET=BODY_MANAGE, POST=BODY_MANAGE),
    "gouvernance:meeting_add": row(BODY, GET=BODY_MANAGE, POST=BODY_MANAGE),
    "gouvernance:director_add": row(BODY, GET=BODY_MANAGE, POST=BODY_MANAGE),
    "gouvernance:seat_end": row({"pk": "seat"}, GET=BODY_MANAGE, POST=BODY_MANAGE),
    "gouvernance:adhesion_add": row({"pk": "charter"}, GET=BODY_MANAGE, POST=BODY_MANAGE),
    "gouvernance:adhesion_withdraw": row({"pk": "adhesion"}, GET=BODY_MANAGE, POST=BODY_MANAGE),
    "gouvernance:adhesion_scan": row({"pk": "adhesion"}, GET=READ),
    # an action is reported on (POST only) by its owner, the region's ARS officer, or by whoever
    # manages the body
    "gouvernance:action_update": row(
        {"pk": "action"}, GET=NOBODY.but(anonymous=LOGIN), POST=BODY_MANAGE
    ),
    "gouvernance:meeting": row(MEETING, GET=READ),
    "gouvernance:minutes_pdf": row(MEETING, GET=READ),
    "gouvernance:meeting_ics": row(MEETING, GET=READ),
    "gouvernance:item_add": row(MEETING, GET=BODY_MANAGE, POST=BODY_MANAGE),
    "gouvernance:attendance": row(MEETING, GET=BODY_MANAGE, POST=BODY_MANAGE),
    "gouvernance:decision_add": row(MEETING, GET=BODY_MANAGE, POST=BODY_MANAGE),
    "gouvernance:action_add": row(MEETING, GET=BODY_MANAGE, POST=BODY_MANAGE),
    "gouvernance:reconvene": row(MEETING, GET=BODY_MANAGE, POST=BODY_MANAGE),
    "gouvernance:approve": row(MEETING, GET=BODY_MANAGE, POST=BODY_MANAGE),
    "gouvernance:item_notes": row(ITEM, GET=BODY_MANAGE, POST=BODY_MANAGE),
    "gouvernance:recusal_add": row(ITEM, GET=BODY_MANAGE, POST=BODY_MANAGE),
    "gouvernance:convocation": row(MEETING, POST=BODY_MANAGE),
    "gouvernance:convocation_pdf": row(MEETING, GET=READ),
    # a calendar client cannot log in: a body's feed (not public in the scene) answers 404 to a
    # visitor; the secret address of an unknown token, 404 to everyone (tests/gouvernance/
    # test_calendar.py covers the real addresses)
    "gouvernance:body_feed": row(BODY, GET=READ.but(anonymous=HIDE)),
    "gouvernance:token_feed": row({"key": "=inconnu", "pk": "body"}, GET=NOBODY),
    "gouvernance:calendar_token": row(POST=LOGGED_IN),
    # the approved minutes of a public body's meeting, to anyone; the scene's body is not
    # public: 404 to everyone (tests/gouvernance/test_public.py covers a public one)
    "gouvernance:public_minutes": row(MEETING, GET=NOBODY),
    # ethics referrals: any account of the committee's region but the readers submits; the
    # scene's referral (the hospital's, not yet screened) is read by its requester, the ARS
    # (the COSSIS secretariat) and the national roles — not yet by the committee's
    # secretariat (the GRADeS); the ARS officer forwards it, the national admin alone may
    # record the committee's opinion on it
    # the yearly portfolio review: produced by whoever manages the body, read with the meeting
    # by those who read the region's funding and by the members of its bodies
    "gouvernance:review_add": row(MEETING, GET=BODY_MANAGE, POST=BODY_MANAGE),
    "gouvernance:review_pdf": row({"pk": "review"}, GET=REVIEW_READ),
    "gouvernance:review_xlsx": row({"pk": "review"}, GET=REVIEW_READ),
    "gouvernance:referrals": row(GET=LOGGED_IN),
    "gouvernance:referral_add": row(GET=REFERRAL_SUBMIT, POST=REFERRAL_SUBMIT),
    "gouvernance:referral": row(REFERRAL, GET=rule(NA, NR, AO, AR, PO)),
    "gouvernance:referral_forward": row(REFERRAL, GET=BODY_MANAGE, POST=BODY_MANAGE),
    "gouvernance:referral_reject": row(REFERRAL, GET=BODY_MANAGE, POST=BODY_MANAGE),
    "gouvernance:referral_opinion": row(REFERRAL, GET=NATIONAL_ADMIN, POST=NATIONAL_ADMIN),
    # background jobs: each user reads their own
    "taches:list": row(GET=LOGGED_IN),
    "taches:detail": row({"pk": "job"}, GET=JOB_OWNER),
    # audit, notifications
    "audit:search": row(GET=NATIONAL_ADMIN),
    "audit:export_csv": row(GET=NATIONAL_ADMIN),
    "audit:export_xlsx": row(GET=NATIONAL_ADMIN),
    "notifications:preferences": row(GET=LOGGED_IN, POST=LOGGED_IN),
    # the API's own pages (its operations are the API rows below)
    "api:openapi-json": row(GET=PUBLIC),
    "api:openapi-view": row(GET=PUBLIC),
    "api:api-root": row(GET=NOBODY),  # ninja's prefix: no operation lives there
    # the Django admin: national administrators only
    "admin:index": row(GET=ADMIN_SITE),
    "admin:login": row(GET=PUBLIC, POST=PUBLIC),
    "admin:logout": row(POST=PUBLIC.but(anonymous=ADMIN_LOGIN)),
    "admin:password_change": row(GET=ADMIN_SITE, POST=ADMIN_SITE),
    "admin:password_change_done": row(GET=ADMIN_SITE),
}

# The models of the Django admin and the scene object each one's pages are shown with. A model
# added to the admin adds routes that have no row until it is listed here.
ADMIN_MODELS = {
    "auth_group": False,
    "dsfr_dsfrconfig": False,
    "territoires_territory": True,
    "territoires_arsarea": True,
    "acteurs_organisation": True,
    "acteurs_person": True,
    "acteurs_function": True,
    "comptes_user": True,
    "comptes_membership": True,
    "comptes_apitoken": True,
    "indicateurs_disaggregation": True,
    "indicateurs_dataelement": True,
    "indicateurs_indicator": True,
    "indicateurs_dataset": True,
    "indicateurs_target": True,
    "indicateurs_validationrule": True,
    "django_tasks_database_dbtaskresult": False,
}


def _admin_rows() -> dict:
    rows = {}
    for model, with_history in ADMIN_MODELS.items():
        obj = {"object_id": f"admin_objects.{model}"}
        rows[f"admin:{model}_changelist"] = row(GET=ADMIN)
        rows[f"admin:{model}_add"] = row(GET=ADMIN, POST=ADMIN)
        rows[f"admin:{model}_change"] = row(obj, GET=ADMIN, POST=ADMIN)
        rows[f"admin:{model}_delete"] = row(obj, GET=ADMIN)
        rows[f"admin:{model}_history"] = row(obj, GET=ADMIN)
        if with_history:  # django-simple-history's page of one past version
            past = [f"admin_objects.{model}", f"admin_objects.{model}.history.latest.history_id"]
            rows[f"admin:{model}_simple_history"] = row(past, GET=ADMIN)
    # API tokens are created and changed by their owners only (/comptes/jetons/)
    no_change = ADMIN.but(exceptions={(NA, None): DENY})
    rows["admin:comptes_apitoken_add"] = row(GET=no_change, POST=no_change)
    rows["admin:comptes_apitoken_change"] = row(
        {"object_id": "admin_objects.comptes_apitoken"}, GET=ADMIN, POST=no_change
    )
    # the background tasks' results are written by the worker only: the admin shows them
    task = {"object_id": "admin_objects.django_tasks_database_dbtaskresult"}
    rows["admin:django_tasks_database_dbtaskresult_add"] = row(GET=no_change, POST=no_change)
    rows["admin:django_tasks_database_dbtaskresult_change"] = row(task, GET=ADMIN, POST=no_change)
    rows["admin:django_tasks_database_dbtaskresult_delete"] = row(task, GET=no_change)
    rows["admin:auth_user_password_change"] = row(
        {"id": "admin_objects.comptes_user"}, GET=ADMIN, POST=ADMIN
    )
    rows["admin:app_list"] = row({"app_label": "=acteurs"}, GET=ADMIN_SITE)
    return rows


WEB.update(_admin_rows())

# URL patterns the table leaves out, on purpose:
SKIPPED = {
    "admin:jsi18n": "the admin's JavaScript catalogue (static text)",
    "admin:autocomplete": "the admin's widget endpoint; needs a field to complete",
    "admin:view_on_site": "redirects to the object's public URL (none is defined)",
}
# The admin's unnamed patterns (`<object_id>/` redirecting to the change page, the catch-all
# answering 404) are internals of django.contrib.admin and are skipped by the walker.

API_OBJECT = {"organisation_id": "hospital"}
PROJECT = {"project_id": "project"}
ENVELOPE = {"envelope_id": "envelope"}
NEW_PROJECT = {
    "region": "region.code",
    "code": "=NOUVEAU-1",
    "title": "=Nouveau projet",
    "moa_id": "hospital",
    "impulsion": "=ars",
}
VALUE_SET = {
    "dataValues": [
        {
            "dataElement": "data_element.code",
            "orgUnit": "region.code",
            "period": "campaign.period",
            "value": "=12",
        }
    ]
}

API = {
    "GET /api/v1/health": row(GET=PUBLIC),
    "GET /api/v1/ready": row(GET=PUBLIC),
    "GET /api/v1/territories": row(GET=PUBLIC),
    "GET /api/v1/territories/{territory_id}": row({"territory_id": "region"}, GET=PUBLIC),
    "GET /api/v1/territories/{territory_id}/current": row({"territory_id": "region"}, GET=PUBLIC),
    "GET /api/v1/organisations": row(GET=LOGGED_IN),
    "GET /api/v1/organisations/{organisation_id}": row(API_OBJECT, GET=READ),
    # moving the hospital into the other region (issue 8's privilege escalation): the ARS of
    # the region it leaves and the national administrator only, never its own project owner
    "PATCH /api/v1/organisations/{organisation_id}": row(
        API_OBJECT, body={"departement": "elsewhere.code"}, PATCH=ORG_RELOCATE
    ),
    "GET /api/v1/framework/versions": row(GET=PUBLIC),
    "GET /api/v1/framework/versions/{year}": row(DRAFT, GET=PUBLIC),
    "POST /api/v1/framework/versions/{year}/next": row({"year": "framework.year"}, POST=FRAMEWORK),
    "POST /api/v1/framework/versions/{year}/publish": row(DRAFT, POST=FRAMEWORK),
    "GET /api/v1/portfolio/strategies": row(GET=LOGGED_IN),
    # a region's code is public: a region the user may not write in is refused, not hidden
    "POST /api/v1/portfolio/strategies": row(
        body={"region": "region.code", "title": "=Stratégie", "start_year": 2028, "end_year": 2032},
        POST=ARS_EDIT.but(refused=DENY, hidden=DENY),
    ),
    "GET /api/v1/portfolio/strategies/{strategy_id}/programmes": row(
        {"strategy_id": "strategy"}, GET=READ
    ),
    "POST /api/v1/portfolio/strategies/{strategy_id}/programmes": row(
        {"strategy_id": "strategy"},
        body={"code": "=P9", "title": "=Programme", "kind": "=socle"},
        POST=ARS_EDIT.but(refused=DENY),
    ),
    "GET /api/v1/portfolio/projects": row(GET=LOGGED_IN),
    # the MOA is looked up among the organisations the user reads: another region's is hidden
    "POST /api/v1/portfolio/projects": row(body=NEW_PROJECT, POST=PROJECT_CREATE.but(refused=DENY)),
    "GET /api/v1/portfolio/projects/{project_id}": row(PROJECT, GET=READ),
    # cooperation: the scene's sheets are shared, so every account reads their similar items
    "GET /api/v1/portfolio/projects/{project_id}/similar": row(PROJECT, GET=LOGGED_IN),
    "GET /api/v1/cooperation/sheets": row(GET=LOGGED_IN),
    "GET /api/v1/cooperation/needs": row(GET=LOGGED_IN),
    "POST /api/v1/cooperation/needs": row(
        body={"region": "region.code", "title": "=Annuaire", "description": "=ESMS"},
        POST=COOP_DECLARE.but(refused=DENY),
    ),
    "GET /api/v1/cooperation/needs/{need_id}/similar": row({"need_id": "need"}, GET=LOGGED_IN),
    "GET /api/v1/cooperation/reviews": row(GET=LOGGED_IN),
    "GET /api/v1/cooperation/proposals": row(GET=LOGGED_IN),
    "GET /api/v1/cooperation/reuses": row(GET=LOGGED_IN),
    # the invitation: who reads the proposal but may not answer is refused (403)
    "POST /api/v1/cooperation/invitations/{invitation_id}/answer": row(
        {"invitation_id": "invitation"},
        body={"accept": False},
        POST=rule(NA, AO, refused=DENY, hidden=DENY),
    ),
    "PATCH /api/v1/portfolio/projects/{project_id}": row(
        PROJECT, body={"title": "=Nouveau titre"}, PATCH=PROJECT_EDIT.but(refused=DENY)
    ),
    "POST /api/v1/portfolio/projects/{project_id}/gates": row(
        PROJECT, body={"to_phase": "=arrete"}, POST=PROJECT_EDIT.but(refused=DENY)
    ),
    "POST /api/v1/portfolio/projects/{project_id}/gates/{gate_id}/decision": row(
        {"project_id": "project", "gate_id": "gate"},
        body={"approve": True, "basis": "=COSSIS"},
        POST=GATE_DECIDE.but(refused=DENY),
    ),
    "GET /api/v1/catalogue": row(GET=PUBLIC),
    "GET /api/v1/funding/funders": row(GET=LOGGED_IN),
    "GET /api/v1/funding/national": row(GET=LOGGED_IN),  # a regional user: their regions' rows
    "GET /api/v1/contracts/cpom": row(GET=LOGGED_IN),
    # survey: campaigns read by the survey's roles, grids and questionnaires scoped by region
    "GET /api/v1/survey/campaigns": row(GET=LOGGED_IN),
    "GET /api/v1/survey/campaigns/{campaign_id}/synthesis": row(SURVEY_API, GET=FUND_READ),
    "GET /api/v1/survey/campaigns/{campaign_id}/grids": row(SURVEY_API, GET=FUND_READ),
    "GET /api/v1/survey/campaigns/{campaign_id}/questionnaires": row(SURVEY_API, GET=FUND_READ),
    "GET /api/v1/contracts/cpom/{cpom_id}": row({"cpom_id": "cpom"}, GET=FUND_READ),
    "GET /api/v1/funding/lines": row(GET=LOGGED_IN),
    "GET /api/v1/funding/plans": row(GET=LOGGED_IN),
    "GET /api/v1/funding/programmes": row(GET=LOGGED_IN),
    # a national programme: every account; its establishments' lines scoped like funding
    "GET /api/v1/funding/programmes/{programme_id}": row(
        {"programme_id": "usage_programme"}, GET=LOGGED_IN
    ),
    "GET /api/v1/funding/plans/{plan_id}": row({"plan_id": "plan"}, GET=FUND_READ),
    "GET /api/v1/funding/envelopes": row(GET=LOGGED_IN),
    # tranches: the list narrowed to the regions read; one tranche scoped like funding
    "GET /api/v1/funding/tranches": row(GET=LOGGED_IN),
    "GET /api/v1/funding/tranches/{tranche_id}": row({"tranche_id": "tranche"}, GET=FUND_READ),
    "GET /api/v1/funding/envelopes/{envelope_id}": row(ENVELOPE, GET=FUND_READ),
    "GET /api/v1/funding/envelopes/{envelope_id}/allocations": row(ENVELOPE, GET=FUND_READ),
    "POST /api/v1/funding/envelopes/{envelope_id}/allocations": row(
        ENVELOPE,
        body={
            "beneficiary_id": "grades",
            "label": "=Projet",
            "amount": "=1000.00",
            "programmed_on": "=2026-06-01",
        },
        POST=FUND_WRITE,
    ),
    "POST /api/v1/funding/allocations/{allocation_id}/commitments": row(
        {"allocation_id": "allocation"},
        body={"reference": "=DEC-1", "decided_on": "=2026-06-01", "amount": "=1000.00"},
        POST=FUND_WRITE,
    ),
    "POST /api/v1/funding/commitments/{commitment_id}/payments": row(
        {"commitment_id": "commitment"},
        body={"paid_on": "=2026-06-01", "amount": "=1000.00", "reference": "=MDT-1"},
        POST=FUND_WRITE,
    ),
    # governance: scoped like the pages (a regional body, not public, hidden from the other
    # region's regional accounts)
    "GET /api/v1/governance/bodies": row(GET=LOGGED_IN),
    "GET /api/v1/governance/bodies/{body_id}": row({"body_id": "body"}, GET=READ),
    "GET /api/v1/governance/bodies/{body_id}/seats": row({"body_id": "body"}, GET=READ),
    "GET /api/v1/governance/meetings": row(GET=LOGGED_IN),
    "GET /api/v1/governance/meetings/{meeting_id}": row({"meeting_id": "meeting"}, GET=READ),
    "GET /api/v1/governance/decisions": row(GET=LOGGED_IN),
    "GET /api/v1/governance/actions": row(GET=LOGGED_IN),
    # a referral, as on its page: its requester, the ARS (the COSSIS secretariat), the
    # national roles; not yet the committee's secretariat (the GRADeS) before it is forwarded
    "GET /api/v1/governance/referrals": row(GET=LOGGED_IN),
    "GET /api/v1/governance/referrals/{referral_id}": row(
        {"referral_id": "referral"}, GET=rule(NA, NR, AO, AR, PO)
    ),
    # the writes call the pages' services: the scene's action is owned by the ARS officer, who
    # manages the body too; an account that reads it but may not act is refused (403)
    "POST /api/v1/governance/actions/{action_id}/status": row(
        {"action_id": "action"}, body={"status": "=en_cours"}, POST=BODY_MANAGE.but(refused=DENY)
    ),
    "POST /api/v1/governance/meetings/{meeting_id}/attendance": row(
        {"meeting_id": "meeting"},
        body={"rows": [{"seat_id": "seat", "presence": "=present"}]},
        POST=BODY_MANAGE.but(refused=DENY),
    ),
    "GET /api/v1/indicators/values": row(query={"period": "campaign.period"}, GET=PUBLIC),
    "GET /api/v1/indicators/datavaluesets": row(query={"campaign": "campaign"}, GET=LOGGED_IN),
    # who may enter no report of the campaign is refused (403); a line about a region the
    # user does not enter is refused with the file, naming the line (422)
    "POST /api/v1/indicators/campaigns/{campaign_id}/datavaluesets": row(
        {"campaign_id": "campaign"},
        body=VALUE_SET,
        POST=ENTER.but(
            refused=DENY,
            hidden=DENY,
            exceptions={(AO, "other"): REJECTED, (GM, "other"): REJECTED},
        ),
    ),
}
