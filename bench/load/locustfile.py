"""The real mix of Pilote's traffic, for `bench/load/run` (locust, headless).

- Anonymous visitors (most of the traffic): national dashboard, a region page, the catalogue,
  the open data (JSON).
- GRADeS managers of the demo (logged in once, as a browser keeps its session): organisation
  and project lists, a project page, the report page and its autosave (one value, with the
  version the page gave: a conflict with another user is a normal answer), a gate request,
  the import of a small file into their report.

Every request is named by its type (`name=`) so that locust's figures are per type. An answer
≥ 400 is an error; a conflict or a refused gate request is a page with a message (200).

The arrival and the steady state are measured apart (`PILOTE_LOAD_STEADY_SECONDS`): once every
user has finished arriving (a manager: logged in, first lists read), the figures of the arrival
are written to `PILOTE_LOAD_ARRIVAL_FILE` (JSON), the statistics are reset, and the steady state
is measured for that many seconds before the run stops. Without it, the whole run is counted."""

import json
import os
import random
import re
import time

import gevent
from locust import HttpUser, between, events, task

PASSWORD = os.environ.get("PILOTE_LOAD_PASSWORD", "demo-pilote-2026")
ACCOUNTS = os.environ.get(
    "PILOTE_LOAD_ACCOUNTS", "grades.ara@demo.pilote.fr,grades.bfc@demo.pilote.fr"
).split(",")
REGION_LINK = re.compile(r'href="/tableau-de-bord/(\d{2,3})/')
PROJECT_LINK = re.compile(r'href="/portefeuille/projets/(\d+)/"')
REPORT_LINK = re.compile(r'href="/indicateurs/rapports/(\d+)/"')
VALUE_FORM = re.compile(
    r'name="element" value="(\d+)"><input type="hidden" name="option" value="([^"]*)">\s*'
    r'<span id="value-[^"]*">.*?name="version" value="([^"]*)"',
    re.S,
)
PHASE_OPTION = re.compile(r'<select name="to_phase"[^>]*>(.*?)</select>', re.S)
OPTION_VALUE = re.compile(r'<option value="([^"]+)"')
CAMPAIGN_LINK = re.compile(r'href="/indicateurs/campagnes/(\d+)/"')


ARRIVED = {"users": 0}
RUN = {}
# every user has arrived well within this (100 users: 9 s); past it, the arrival failed
ARRIVAL_LIMIT_SECONDS = 120


def csrf(client) -> str:
    return client.cookies.get("csrftoken", "")


def arrived() -> None:
    ARRIVED["users"] += 1


@events.spawning_complete.add_listener
def measure_steady_state(user_count, **_kwargs):
    steady = int(os.environ.get("PILOTE_LOAD_STEADY_SECONDS") or 0)
    if steady:
        gevent.spawn(_steady_state, RUN["environment"], user_count, steady)


def _write_arrival(figures: dict) -> None:
    path = os.environ.get("PILOTE_LOAD_ARRIVAL_FILE")
    if path:
        with open(path, "w") as handle:
            json.dump(figures, handle)


@events.init.add_listener
def keep_environment(environment, **_kwargs):
    RUN["environment"] = environment


def _steady_state(environment, user_count: int, seconds: int) -> None:
    started = environment.runner.stats.start_time
    deadline = time.monotonic() + ARRIVAL_LIMIT_SECONDS
    while ARRIVED["users"] < user_count:
        if time.monotonic() > deadline:  # the arrival itself failed: say so, stop
            _write_arrival({"users": user_count, "arrived": ARRIVED["users"], "timed_out": True})
            environment.runner.quit()
            return
        gevent.sleep(0.2)
    stats = environment.runner.stats
    login = stats.get("connexion", "POST")
    arrival = {
        "users": user_count,
        "seconds": round(time.time() - started, 1),
        "requests": stats.total.num_requests,
        "failures": stats.total.num_failures,
        "p50": stats.total.get_response_time_percentile(0.5),
        "p95": stats.total.get_response_time_percentile(0.95),
        "logins": login.num_requests,
        "login_p50": login.get_response_time_percentile(0.5) if login.num_requests else 0,
        "login_p95": login.get_response_time_percentile(0.95) if login.num_requests else 0,
    }
    _write_arrival(arrival)
    stats.reset_all()
    gevent.sleep(seconds)
    environment.runner.quit()


class Visitor(HttpUser):
    """An anonymous visitor of the public pages."""

    weight = 3
    wait_time = between(1, 3)
    regions: list[str] = []

    def on_start(self):
        try:
            page = self.client.get("/tableau-de-bord/", name="public: tableau de bord national")
            found = sorted(set(REGION_LINK.findall(page.text)))
            Visitor.regions = Visitor.regions or found or ["84"]
        finally:
            arrived()  # even when the page failed: the failure is counted, the run goes on

    @task(4)
    def national(self):
        self.client.get("/tableau-de-bord/", name="public: tableau de bord national")

    @task(3)
    def region(self):
        code = random.choice(self.regions)  # noqa: S311 - load generation, not secrecy
        self.client.get(f"/tableau-de-bord/{code}/", name="public: page région")

    @task(2)
    def catalogue(self):
        self.client.get("/catalogue/", name="public: catalogue")

    @task(1)
    def open_data(self):
        self.client.get("/tableau-de-bord/donnees.json", name="public: données ouvertes (JSON)")


class Manager(HttpUser):
    """A GRADeS manager at work: lists, a project, the report page, autosave, a gate request,
    a small import."""

    weight = 2
    wait_time = between(2, 5)

    def on_start(self):
        self.projects, self.reports, self.import_files = [], [], {}
        try:
            self._log_in()
        finally:
            arrived()  # even when the login failed: the failure is counted, the run goes on

    def _log_in(self):
        self.client.get("/comptes/connexion/", name="connexion (page)")
        email = random.choice(ACCOUNTS)  # noqa: S311
        with self.client.post(
            "/comptes/connexion/",
            {"username": email, "password": PASSWORD, "csrfmiddlewaretoken": csrf(self.client)},
            name="connexion",
            catch_response=True,
        ) as answer:
            if "sessionid" not in self.client.cookies:
                answer.failure(f"connexion refusée pour {email}")
                return
        self.projects = PROJECT_LINK.findall(
            self.client.get("/portefeuille/", name="liste des projets").text
        )
        self.reports = REPORT_LINK.findall(
            self.client.get("/indicateurs/", name="remontées (liste)").text
        )

    def _post(self, path, data, name, **kwargs):
        data = {**data, "csrfmiddlewaretoken": csrf(self.client)}
        headers = {"X-CSRFToken": csrf(self.client), **kwargs.pop("headers", {})}
        return self.client.post(path, data, name=name, headers=headers, **kwargs)

    @task(3)
    def organisations(self):
        self.client.get("/structures/", name="liste des structures")

    @task(3)
    def projects_list(self):
        self.client.get("/portefeuille/", name="liste des projets")

    @task(4)
    def project(self):
        if self.projects:
            pk = random.choice(self.projects)  # noqa: S311
            self.client.get(f"/portefeuille/projets/{pk}/", name="page projet")

    @task(4)
    def report_and_autosave(self):
        if not self.reports:
            return
        pk = random.choice(self.reports)  # noqa: S311
        page = self.client.get(f"/indicateurs/rapports/{pk}/", name="rapport (saisie)")
        fields = VALUE_FORM.findall(page.text)
        if not fields:
            return  # not open for entry
        element, option, version = random.choice(fields)  # noqa: S311
        self._post(
            f"/indicateurs/rapports/{pk}/valeur/",
            {
                "element": element,
                "option": option,
                "version": version,
                "value": str(random.randint(1, 900)),
                "comment": "",
            },  # noqa: S311
            "rapport: enregistrement automatique",
            headers={"HX-Request": "true"},
        )

    @task(1)
    def gate_request(self):
        if not self.projects:
            return
        pk = random.choice(self.projects)  # noqa: S311
        page = self.client.get(f"/portefeuille/projets/{pk}/decisions/", name="projet: décisions")
        select = PHASE_OPTION.search(page.text)
        phases = OPTION_VALUE.findall(select.group(1)) if select else []
        if phases:
            self._post(
                f"/portefeuille/projets/{pk}/passage/demander/",
                {"to_phase": phases[0], "note": "Test de charge"},
                "projet: demande de passage",
            )

    @task(1)
    def small_import(self):
        """Five values of the report, as the API exports them, imported back as a CSV file."""
        if not self.reports:
            return
        pk = random.choice(self.reports)  # noqa: S311
        if pk not in self.import_files:
            page = self.client.get(f"/indicateurs/rapports/{pk}/", name="rapport (saisie)")
            campaign = CAMPAIGN_LINK.search(page.text)
            rows = []
            if campaign and VALUE_FORM.search(page.text):
                rows = self.client.get(
                    f"/api/v1/indicators/datavaluesets?campaign={campaign.group(1)}",
                    name="api: export des valeurs",
                ).json()[:5]
            lines = ["dataElement;option;orgUnit;period;value;comment"] + [
                f"{r['dataElement']};{r['option']};{r['orgUnit']};{r['period']};"
                f"{r['value'] if r['value'] is not None else ''};"
                for r in rows
            ]
            self.import_files[pk] = "\n".join(lines).encode() if rows else None
        if self.import_files[pk]:
            self._post(
                f"/indicateurs/rapports/{pk}/import/",
                {},
                "rapport: import d'un petit fichier",
                files={"file": ("petit.csv", self.import_files[pk], "text/csv")},
            )
