"""Similar projects and needs across regions: score and reasons (issue 13 § 4).

The score mixes the text (cosine of TF-IDF vectors of the title, counted twice, the
description and the target users, see `text.py`), a shared socle service and the same
solution or vendor. The index of every project and need is built in Python and kept in memory
while nothing changed (`fingerprint`: the last history row and the row counts), so a call
costs a few small queries and a walk of the postings of the query's words."""

import threading
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext as _

from pilote.comptes.access import access_for
from pilote.cooperation import text
from pilote.cooperation.models import CooperationSheet, Need, NeedStatus, PairVerdict, SimilarPair
from pilote.portefeuille.models import Phase, Project

TEXT_WEIGHT, SOCLE_WEIGHT, SOLUTION_WEIGHT = 0.8, 0.12, 0.08
MIN_SCORE = 0.15  # below: not listed
PAIR_THRESHOLD = 0.35  # the national page of similar pairs
PROJECT, NEED = "projet", "besoin"


@dataclass
class Item:
    kind: str
    pk: int
    region_id: int
    region_code: str
    region_name: str
    code: str
    title: str
    socle_ids: frozenset
    solution: str
    shared: bool
    created_at: object
    counts: Counter
    surface: dict  # stem → a word as written
    vector: dict = field(default_factory=dict)

    @property
    def key(self):
        return (self.kind, self.pk)


@dataclass
class Match:
    item: Item
    score: float
    reasons: list


_WORDS_CACHE: dict = {}  # the texts' words, kept across rebuilds: an edit re-reads one item


def _words(*parts) -> tuple[Counter, dict]:
    cached = _WORDS_CACHE.get(parts)
    if cached is not None:
        return cached
    if len(_WORDS_CACHE) > 100_000:
        _WORDS_CACHE.clear()
    _WORDS_CACHE[parts] = result = _read_words(parts)
    return result


def _read_words(parts) -> tuple[Counter, dict]:
    counts, surface = Counter(), {}
    for part in parts:
        for word in text.WORD.findall(part or ""):
            low = word.lower()
            if len(low) < 2 or low in text.STOP_WORDS:
                continue
            stem = text.stem(low)
            counts[stem] += 1
            surface.setdefault(stem, low)
    return counts, surface


def draft_item(*, region, title="", description="", socle_ids=(), solution="", target=""):
    counts, surface = _words(title, title, description, target)
    return Item(
        PROJECT,
        0,
        getattr(region, "pk", None),
        getattr(region, "code", ""),
        "",
        "",
        title,
        frozenset(socle_ids),
        _solution(solution),
        False,
        None,
        counts,
        surface,
    )


def _solution(value: str) -> str:
    return text._fold((value or "").strip().lower())


class Index:
    def __init__(self, items: list[Item]):
        self.items = items
        self.by_key = {item.key: item for item in items}
        self.frequencies = Counter(t for item in items for t in item.counts)
        self.documents = len(items)
        self.postings = defaultdict(list)
        self.socle_postings = defaultdict(list)
        for item in items:
            item.vector = {}  # computed when first compared (`vector_of`)
            for term in item.counts:
                if term not in text.GENERIC_STEMS:
                    self.postings[term].append(item)
            for socle in item.socle_ids:
                self.socle_postings[socle].append(item)

    def vector(self, item: Item) -> dict:
        return text.vector(item.counts, self.frequencies, self.documents)

    def vector_of(self, item: Item) -> dict:
        if not item.vector and item.counts:
            item.vector = self.vector(item)
        return item.vector

    def matches(self, query: Item, accept, limit: int | None = None) -> list[Match]:
        """The items `accept(item)` lets through, best first (ties: region, code, kind, pk)."""
        vector = self.vector_of(query) if query.key in self.by_key else self.vector(query)
        candidates = {}
        for term in vector:
            for item in self.postings.get(term, ()):
                candidates[item.key] = item
        for socle in query.socle_ids:
            for item in self.socle_postings.get(socle, ()):
                candidates[item.key] = item
        found = []
        for item in candidates.values():
            if item.key == query.key or not accept(item):
                continue
            score, reasons = self.score(query, vector, item)
            if score >= MIN_SCORE:
                found.append(Match(item, score, reasons))
        found.sort(
            key=lambda m: (-m.score, m.item.region_code, m.item.code, m.item.kind, m.item.pk)
        )
        return found[:limit] if limit else found

    def score(self, query: Item, vector: dict, item: Item):
        other = self.vector_of(item)
        common = {t: vector[t] * other[t] for t in vector.keys() & other.keys()}
        cosine = sum(common.values())
        socles = query.socle_ids & item.socle_ids
        same_solution = bool(query.solution) and query.solution == item.solution
        score = TEXT_WEIGHT * cosine + SOCLE_WEIGHT * bool(socles) + SOLUTION_WEIGHT * same_solution
        reasons = []
        if socles:
            reasons.append(_("service du socle en commun"))
        words = [
            item.surface.get(t, t)
            for t, _w in sorted(common.items(), key=lambda kv: -kv[1])
            if t not in text.GENERIC_STEMS
        ][:5]
        if words:
            reasons.append(_("mots en commun : %s") % ", ".join(words))
        if same_solution:
            reasons.append(_("même solution"))
        return round(min(score, 1.0), 4), reasons


# --- the index, rebuilt when something changed ----------------------------------------------

_lock = threading.Lock()
_cache: dict = {"key": None, "index": None}


def fingerprint() -> tuple:
    """What changes whenever a project, a sheet, a need or a socle link changes (the last
    history row, the row counts), in one query."""
    through = Project.socle_services.through
    parts = [
        ("MAX", Project.history.model, "history_id"),
        ("COUNT", Project, "*"),
        ("MAX", CooperationSheet.history.model, "history_id"),
        ("MAX", Need.history.model, "history_id"),
        ("COUNT", Need, "*"),
        ("MAX", through, "id"),
        ("COUNT", through, "*"),
    ]
    quote = connection.ops.quote_name
    # table and column names from the models only: nothing typed by a user
    columns = ", ".join(
        f"(SELECT {func}({column if column == '*' else quote(column)}) "  # noqa: S608
        f"FROM {quote(model._meta.db_table)})"
        for func, model, column in parts
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + columns)
        return tuple(cursor.fetchone())


def _build() -> Index:
    socles = defaultdict(set)
    for project_id, socle_id in Project.socle_services.through.objects.values_list(
        "project_id", "socleservice_id"
    ):
        socles[project_id].add(socle_id)
    items = []
    rows = (
        Project.objects.exclude(phase=Phase.ARRETE)
        .filter(converged_into__isnull=True)
        .order_by("pk")
        .values_list(
            "pk",
            "region_id",
            "region__code",
            "region__name",
            "code",
            "title",
            "description",
            "target_description",
            "cooperation_sheet__shared",
            "cooperation_sheet__solution",
            "cooperation_sheet__target_users",
            "created_at",
        )
    )
    for pk, rid, rcode, rname, code, title, desc, target, shared, solution, users, created in rows:
        counts, surface = _words(title, title, desc, target, users)
        items.append(
            Item(
                PROJECT,
                pk,
                rid,
                rcode,
                rname,
                code,
                title,
                frozenset(socles[pk]),
                _solution(solution),
                bool(shared),
                created,
                counts,
                surface,
            )
        )
    needs = (
        Need.objects.exclude(status=NeedStatus.CLOSED)
        .order_by("pk")
        .values_list(
            "pk",
            "region_id",
            "region__code",
            "region__name",
            "title",
            "description",
            "socle_service_id",
            "created_at",
        )
    )
    for pk, rid, rcode, rname, title, desc, socle, created in needs:
        counts, surface = _words(title, title, desc)
        items.append(
            Item(
                NEED,
                pk,
                rid,
                rcode,
                rname,
                "",
                title,
                frozenset({socle} - {None}),
                "",
                True,
                created,
                counts,
                surface,
            )
        )
    return Index(items)


def index() -> Index:
    key = fingerprint()
    with _lock:
        if _cache["key"] != key:
            _cache["index"], _cache["key"] = _build(), key
        return _cache["index"]


# --- what pages and the API ask ---------------------------------------------------------------


def _readable(user):
    """Whether `user` may see an item of another region: national roles every one, others
    the shared sheets and the needs."""
    national = access_for(user).is_national
    return lambda item: national or item.shared


def unrelated_to(project_id) -> set:
    """The projects the national level marked "sans rapport" with this one."""
    pairs = SimilarPair.objects.filter(
        Q(first_id=project_id) | Q(second_id=project_id), verdict=PairVerdict.UNRELATED
    ).values_list("first_id", "second_id")
    return {second if first == project_id else first for first, second in pairs}


def similar_to(
    user, query: Item, *, limit=10, kinds=(PROJECT, NEED), excluded=(), current: Index = None
):
    """Items of the other regions similar to `query` that `user` may read, best first
    (`current`: the index the caller already holds, not looked up again)."""
    readable = _readable(user)
    excluded = set(excluded)

    def accept(item):
        return (
            item.kind in kinds
            and item.region_id != query.region_id
            and readable(item)
            and not (item.kind == PROJECT and item.pk in excluded)
        )

    return (current or index()).matches(query, accept, limit)


def similar_to_project(user, project, *, limit=10, kinds=(PROJECT, NEED)):
    current = index()
    query = current.by_key.get((PROJECT, project.pk))
    if query is None:  # stopped, or converged: compared as written
        query = draft_item(
            region=project.region,
            title=project.title,
            description=project.description,
            socle_ids=project.socle_services.values_list("pk", flat=True),
        )
    return similar_to(
        user,
        query,
        limit=limit,
        kinds=kinds,
        excluded=unrelated_to(project.pk),
        current=current,
    )


def similar_to_need(user, need, *, limit=10):
    current = index()
    query = current.by_key.get((NEED, need.pk)) or draft_item(
        region=need.region, title=need.title, description=need.description
    )
    return similar_to(user, query, limit=limit, current=current)


def similar_pairs(threshold=PAIR_THRESHOLD, limit=200) -> list[tuple[Item, Item, Match]]:
    """Pairs of projects of two regions scoring at least `threshold`, best first, without the
    pairs marked "sans rapport"."""
    current = index()
    unrelated = set(
        SimilarPair.objects.filter(verdict=PairVerdict.UNRELATED).values_list("first", "second")
    )
    pairs = []
    for item in current.items:
        if item.kind != PROJECT:
            continue

        def accept(other, item=item):
            return (
                other.kind == PROJECT
                and other.pk > item.pk
                and other.region_id != item.region_id
                and (item.pk, other.pk) not in unrelated
            )

        for match in current.matches(item, accept):
            if match.score >= threshold:
                pairs.append((item, match.item, match))
    pairs.sort(key=lambda p: (-p[2].score, p[0].pk, p[1].pk))
    return pairs[:limit]
