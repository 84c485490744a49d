"""French text → weighted terms for the similarity of projects and needs.

Words are lower-cased, stemmed with the Snowball French stemmer (`snowballstemmer`: plurals
and inflections share a stem: "établissements" → "etabl"), then stripped of their accents (so
"teleconsultation" typed without accents meets "téléconsultation"). French stop words are
dropped; the generic words of the field ("projet", "déploiement", "régional", "santé",
"numérique"…) keep a small weight: they are in nearly every project and say nothing about what
it does. Everything runs in Python: the same ranking on SQLite and PostgreSQL."""

import math
import re
import unicodedata
from collections import Counter
from functools import lru_cache

import snowballstemmer

_STEMMER = snowballstemmer.stemmer("french")
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
GENERIC_WEIGHT = 0.15

_STOP = """
    a à afin ai aie aient aies ait al alors as au aucun aucune aupres auprès aura aurai
    auront aussi autre autres aux avec avoir avons ayant bien c ça car ce ceci cela celle
    celles celui ces cet cette ceux chaque chez ci comme comment d dans de des deux dont
    du elle elles en encore entre est et etc été être eu eux fait faire font hors il ils j
    je jusqu l la le les leur leurs lors lui m ma mais me même mes moins mon n ne ni nos
    notre nous on ont ou où par parmi pas pendant peu peut plus pour qu quand que quel
    quelle quelles quels qui s sa sans se selon ser ses si son sont sous sur t ta te tes
    toi ton tous tout toute toutes tres très tu un une unes uns vers via vos votre vous y
"""
STOP_WORDS = frozenset(_STOP.split())

# Words found in nearly every e-health project: they weigh little (GENERIC_WEIGHT).
_GENERIC = """
    projet projets déploiement déployer régional régionale régionaux région régions santé
    numérique numériques esanté service services outil outils plateforme solution
    solutions mise place mettre œuvre développement développer accompagnement accompagner
    usage usages acteur acteurs territoire territoires territorial territoriale dispositif
    dispositifs système systèmes besoin besoins ensemble généralisation amélioration
    améliorer nouveau nouvelle national nationale programme cadre offre e grades ars
"""
GENERIC_WORDS = _GENERIC.split()


def _fold(text: str) -> str:
    return unicodedata.normalize("NFD", text).encode("ascii", "ignore").decode()


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    return _fold(_STEMMER.stemWord(word))


GENERIC_STEMS = frozenset(stem(w) for w in GENERIC_WORDS)


def terms(text: str) -> Counter:
    """The stems of `text`'s meaningful words, with their counts."""
    counted = Counter()
    for word in WORD.findall(text.lower()):
        if len(word) < 2 or word in STOP_WORDS or _fold(word) in STOP_WORDS:
            continue
        counted[stem(word)] += 1
    return counted


def idf(document_frequency: int, documents: int) -> float:
    return math.log((1 + documents) / (1 + document_frequency)) + 1.0


def vector(counts: Counter, frequencies: dict, documents: int) -> dict:
    """A normalised TF-IDF vector (sub-linear counts; generic words weigh little)."""
    weights = {}
    for term, count in counts.items():
        weight = (1 + math.log(count)) * idf(frequencies.get(term, 0), documents)
        if term in GENERIC_STEMS:
            weight *= GENERIC_WEIGHT
        weights[term] = weight
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {term: w / norm for term, w in weights.items()}
