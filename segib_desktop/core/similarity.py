"""Similar mandates (issue 23): the same request adopted again, summit after summit, in other words.

A mandate's words (title and text) are folded for case and accents, Spanish and Portuguese stop words
are dropped, and each word is cut to its stem (Snowball's Spanish or Portuguese stemmer, by the
language its stop words show), so that "educación", "educativa" and "educação" meet. Each mandate is
then a TF-IDF vector (log-scaled term counts times the inverse document frequency, unit length); two
mandates are as similar as the cosine of their vectors, 0 to 1.

The index is built once per open database and kept up to date: ``refresh`` reads nothing when the
database has not changed since (its newest audit entry, its newest mandate and their count: about 1 ms),
else the id and edit version of every mandate, and re-reads only what changed. Mandates with the same
words share one vector ("group"): a query and the pairs work on groups, so that a database of many
copies of the same texts costs what its distinct texts cost. A query looks only at the postings of its
informative terms (those in at most a tenth of the mandates) to find candidates, then scores the best
candidates exactly; under 50 ms at 20,000 mandates (``make bench``).

Nothing here imports Qt or SQLAlchemy: it reads with ``Database.read`` (plain sqlite3).
"""

from __future__ import annotations

import heapq
import math
import re
import threading
import weakref
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from itertools import combinations
from operator import attrgetter
from typing import NamedTuple

from segib_desktop.core import collector
from segib_desktop.core.read import rules
from segib_desktop.i18n import fold

MIN_SCORE = 0.35  # what the form and the paste preview show
PAIR_SCORE = 0.5  # the overlaps view's and command's default threshold
COMMON = 0.1  # a term in more than this share of the mandates finds no candidates (it still scores)
CANDIDATES = 64  # groups scored exactly per query
PAIR_TERMS = 8  # a group's most telling terms, through which the pairs are found
QUERY_TERMS = 12
PAIR_POSTINGS = 100  # a term in more texts than this (or 1% of them) finds no pairs  # a query's most telling terms, through which its candidates are found
REWEIGHT = 0.1  # the weights are recomputed when this share of the mandates changed since

# Folded function words of Spanish and Portuguese, and the words every mandate uses to give its order.
_STOP_ES = set("""
a al algo algun alguna algunas alguno algunos ante antes aquel aquella aquellas aquellos aqui asi aun cada como
con contra cual cuales cuando de del desde donde dos e el ella ellas ellos en entre era es esa esas ese eso esos
esta estas este esto estos fue fueron ha han hasta hay la las le les lo los mas me mediante mi mientras muy ni no
nos o otra otras otro otros para pero poco por porque que quien se segun ser si sido sin sobre su sus tal tambien
tanto te tiene tienen toda todas todo todos tras u un una unas uno unos y ya
""".split())
_STOP_PT = set("""
a ao aos as ate com como contra da das de dela delas dele deles depois do dos e ela elas ele eles em entre era
essa essas esse esses esta estas este estes eu foi foram ha isso isto ja la lhe lhes mais mas mesmo na nas nem no
nos num numa o os ou para pela pelas pelo pelos por porque quando que quem se sem ser seu seus sob sobre sua suas
tambem tem todo toda todos todas um uma umas uns
""".split())
_STOP_DOMAIN = set("""
segib secretaria general iberoamericana iberoamericano iberoamericanas iberoamericanos ibero americana americano
encomendar encomenda encargar instruir solicitar solicita mandato mandatos
""".split())
STOP_WORDS = frozenset(_STOP_ES | _STOP_PT | _STOP_DOMAIN)
# Words that tell the languages apart (folded), for choosing the stemmer.
_ONLY_PT = frozenset({"ao", "aos", "da", "das", "do", "dos", "em", "na", "nas", "no", "os", "pela", "pelo",
                      "pelas", "pelos", "um", "uma", "nao", "sao", "com", "ate", "tambem", "seu", "sua"})
_ONLY_ES = frozenset({"al", "del", "el", "en", "la", "las", "los", "un", "una", "y", "con", "hasta", "tambien",
                      "su", "sus", "segun"})
_WORD = re.compile(r"[^\W\d_]{3,}")


@cache
def _stemmers():
    from snowballstemmer.portuguese_stemmer import PortugueseStemmer
    from snowballstemmer.spanish_stemmer import SpanishStemmer

    return {"es": SpanishStemmer(), "pt": PortugueseStemmer()}


# Kept: a vocabulary is some thousands of words, and 20,000 mandates say them a million times.
_folded: dict[str, str] = {}
_stems: dict[str, dict[str, str]] = {"es": {}, "pt": {}}
_stem_lock = threading.Lock()


def _fold(word: str) -> str:
    f = _folded.get(word)
    if f is None:
        f = _folded[word] = fold(word)
    return f


def _stem(word: str, lang: str) -> str:
    """The folded stem of a lower-case word."""
    stems = _stems[lang]
    stem = stems.get(word)
    if stem is None:
        with _stem_lock:  # Snowball's stemmer objects keep state between calls
            stem = stems[word] = fold(_stemmers()[lang].stemWord(word))
    return stem


def language(words: Iterable[str]) -> str:
    """"pt" or "es", by the function words the text uses and by the letters only one of them writes."""
    pt = es = 0
    for w in words:
        f = _fold(w)
        pt += f in _ONLY_PT or "ã" in w or "õ" in w or "ç" in w
        es += f in _ONLY_ES or "ñ" in w
    return "pt" if pt > es else "es"


def terms(text: str) -> list[str]:
    """The stems of a text's telling words, in order (repeated as often as they occur)."""
    words = _WORD.findall(text.casefold())
    lang = language(words)
    stop, folded = STOP_WORDS, _fold
    return [_stem(w, lang) for w in words if folded(w) not in stop]


def mandate_terms(title: str, text: str) -> list[str]:
    return terms(f"{title or ''}\n{text or ''}")


class Entry(NamedTuple):
    """What the index knows of one mandate, enough to show it in a list of similar ones (a named tuple: the
    index makes one per mandate, 200,000 at the bulk scale, where a frozen dataclass took a second)."""

    id: int
    version: int
    code: str
    title: str
    status: str  # MandateStatus's stored value
    summit: int | None  # the number of the summit (of the document, or of the meeting's cycle)
    key: tuple  # its terms with their counts: the group it belongs to


@dataclass(frozen=True, slots=True)
class Hit:
    id: int
    score: float
    code: str
    title: str
    status: str
    summit: int | None


@dataclass(frozen=True, slots=True)
class Pair:
    score: float
    first: Entry  # the one of the later summit
    second: Entry


class _Group:
    __slots__ = ("gid", "key", "members", "ordered", "vector")

    def __init__(self, gid: int, key: tuple):
        self.gid = gid
        self.key = key
        self.members: set[int] = set()
        self.ordered: list[Entry] | None = None  # the members, latest summit first (SimilarityIndex._ordered)
        self.vector: dict[str, float] = {}


_READ = """SELECT m.id, m.version, m.code, m.title, m.text, m.status, s.number
FROM mandates m JOIN documents d ON d.id = m.document_id
LEFT JOIN meetings mt ON mt.id = d.meeting_id
LEFT JOIN summits s ON s.id = COALESCE(d.summit_id, mt.summit_id)"""
# Whether anything changed since the index last read the mandates: the database's newest change
# (rules.LAST_CHANGE_SQL), the newest mandate and their count (a write that bypassed the audit trail, such as
# the example data's bulk insert, still adds mandates). Three indexed lookups, about 1 ms at 200,000.
_STAMP = (f"SELECT ({rules.LAST_CHANGE_SQL}), (SELECT coalesce(max(id), 0) FROM mandates), "
          "(SELECT count(*) FROM mandates)")


class SimilarityIndex:
    """The TF-IDF vectors of a database's mandates, grouped by identical words. Thread-safe."""

    def __init__(self):
        self._lock = threading.RLock()
        self.entries: dict[int, Entry] = {}
        self._gids: dict[tuple, int] = {}  # a group's words -> its number (hashing numbers is cheap)
        self._groups: dict[int, _Group] = {}
        self._next_gid = 0
        self._postings: dict[str, dict[int, float]] = {}  # term -> {group: its weight there}
        self._df: Counter = Counter()  # term -> mandates that use it
        self._idf: dict[str, float] = {}
        self._weighted_at = 0  # mandates when the weights were last computed
        self._changed = 0  # mandates changed since
        self._stamp: tuple | None = None  # what refresh found last (_STAMP)
        self._refreshing = threading.Lock()  # one refresh at a time: a second one waits, then reads nothing

    # --- building and keeping up to date
    def refresh(self, db) -> int:
        """Reads what changed since the last call (everything the first time); returns how many changed.

        Nothing is read when the database's newest change (``read.history.last_change``: every change the
        program saves writes one), its newest mandate and its count of mandates are those of the last call:
        at 200,000 mandates, reading every id and version costs 0.2-0.5 s, which each form that opens asked
        for again."""
        with self._refreshing, collector.paused():  # the rows read, then the entries made
            return self._refresh(db)

    def _refresh(self, db) -> int:
        with db.read() as conn:
            stamp = tuple(conn.execute(_STAMP).fetchone())
            if stamp == self._stamp:
                return 0
            with self._lock:
                known = {i: e.version for i, e in self.entries.items()}
            if not known:  # the first time: everything
                rows, gone = conn.execute(_READ).fetchall(), []
                self.update(rows)
                self._stamp = stamp
                return len(rows)
            versions = dict(conn.execute("SELECT id, version FROM mandates"))
            gone = [i for i in known if i not in versions]
            stale = [i for i, v in versions.items() if known.get(i) != v]
            if len(stale) > 2000:
                rows = conn.execute(_READ).fetchall()
                wanted = set(stale)
                rows = [r for r in rows if r[0] in wanted]
            else:
                rows = []
                for start in range(0, len(stale), 500):
                    chunk = stale[start:start + 500]
                    rows += conn.execute(f"{_READ} WHERE m.id IN ({','.join('?' * len(chunk))})", chunk).fetchall()
        self.update(rows, gone)
        self._stamp = stamp
        return len(rows) + len(gone)

    def update(self, rows: Iterable[tuple], removed: Iterable[int] = ()) -> None:
        """Adds or replaces mandates given as (id, version, code, title, text, status, summit number)."""
        with collector.paused():  # 200,000 entries made beside a busy program's objects
            self._update(rows, removed)

    def _update(self, rows: Iterable[tuple], removed: Iterable[int]) -> None:
        # The mandates with the same title and text, stemmed once and added to their group together.
        alike: dict[str, tuple[tuple, list[Entry]]] = {}
        new = tuple.__new__
        for mid, version, code, title, text, status, summit in rows:
            raw = f"{title or ''}\n{text or ''}"
            same = alike.get(raw)
            if same is None:
                same = alike[raw] = (tuple(sorted(Counter(terms(raw)).items())), [])
            same[1].append(new(Entry, (mid, version, code or "", title or "", str(status or ""), summit, same[0])))
        with self._lock:
            for mid in removed:
                self._remove(mid)
            if self.entries:
                for _key, entries in alike.values():
                    for entry in entries:
                        self._remove(entry.id)
            for key, entries in alike.values():
                self._add(key, entries)
            if self._changed > REWEIGHT * max(self._weighted_at, 1):
                self._reweigh()

    def sort_groups(self) -> SimilarityIndex:
        """Sorts now every group's members that a change left unsorted (``_ordered``), so that the next
        ``similar`` sorts nothing: the similar-mandates pane calls it in the background, after its refresh,
        and its queries run on the UI thread. The overlaps view does not: its strongest pairs come from a
        few groups, each sorted as it is reached (sorting all of them was a quarter of its wait at 200,000
        mandates)."""
        with self._lock:
            for group in self._groups.values():
                self._ordered(group)
        return self

    def _remove(self, mid: int) -> None:
        entry = self.entries.pop(mid, None)
        if entry is None:
            return
        self._changed += 1
        gid = self._gids[entry.key]
        group = self._groups[gid]
        group.members.discard(mid)
        group.ordered = None
        for term, _count in entry.key:
            self._df[term] -= 1
        if not group.members:
            del self._groups[gid], self._gids[entry.key]
            for term, _count in entry.key:
                self._postings[term].pop(gid, None)

    def _add(self, key: tuple, entries: list[Entry]) -> None:
        """Adds mandates that have the same words (``key``)."""
        self.entries.update((entry.id, entry) for entry in entries)
        self._changed += len(entries)
        for term, _count in key:
            self._df[term] += len(entries)
        gid = self._gids.get(key)
        if gid is None:
            gid = self._gids[key] = self._next_gid
            self._next_gid += 1
            group = self._groups[gid] = _Group(gid, key)
            group.vector = self._vector(key)
            for term, weight in group.vector.items():
                self._postings.setdefault(term, {})[gid] = weight
        group = self._groups[gid]
        group.members.update(entry.id for entry in entries)
        group.ordered = None

    def _reweigh(self) -> None:
        n = len(self.entries)
        self._idf = {t: math.log((n + 1) / (df + 1)) + 1 for t, df in self._df.items() if df > 0}
        for group in self._groups.values():
            group.vector = self._vector(group.key)
            for term, weight in group.vector.items():
                self._postings[term][group.gid] = weight
        self._weighted_at, self._changed = n, 0

    def _weight(self, term: str) -> float:
        idf = self._idf.get(term)
        if idf is None:  # a term new since the weights were computed: as rare as can be
            idf = math.log(self._weighted_at + 2) + 1
        return idf

    def _vector(self, key: Iterable[tuple[str, int]]) -> dict[str, float]:
        vector = {t: (1 + math.log(c)) * self._weight(t) for t, c in key}
        norm = math.sqrt(sum(w * w for w in vector.values())) or 1.0
        return {t: w / norm for t, w in vector.items()}

    def __len__(self) -> int:
        return len(self.entries)

    # --- asking
    def similar(self, title: str, text: str, *, limit: int = 5, min_score: float = MIN_SCORE,
                exclude: Iterable[int] = ()) -> list[Hit]:
        """The mandates most like this title and text, best first."""
        key = Counter(mandate_terms(title, text))
        if not key:
            return []
        exclude = set(exclude)
        with self._lock:
            query = self._vector(key.items())
            groups = self._candidates(query, CANDIDATES)
            hits = []
            for group in groups:
                score = _dot(query, group.vector)
                if score < min_score:
                    continue
                # A group's members share its score: its first ``limit`` in the order of the hits are all it
                # can give (a text the example data repeats has thousands of copies).
                taken = 0
                for e in self._ordered(group):
                    if e.id not in exclude:
                        hits.append(Hit(e.id, score, e.code, e.title, e.status, e.summit))
                        taken += 1
                        if taken == limit:
                            break
        hits.sort(key=lambda h: (-h.score, -(h.summit or 0), h.code))
        return hits[:limit]

    def _candidates(self, query: dict[str, float], count: int) -> list[_Group]:
        """The groups that share the query's informative terms, the most likely first."""
        common = max(COMMON * len(self.entries), 2)
        informative = [t for t in query if 0 < self._df.get(t, 0) <= common]
        if not informative:
            informative = [t for t in query if self._df.get(t, 0)]
        informative = heapq.nlargest(QUERY_TERMS, informative, key=query.__getitem__)
        partial: dict[int, float] = {}
        get = partial.get
        for term in informative:
            weight = query[term]
            for gid, there in self._postings.get(term, {}).items():
                partial[gid] = get(gid, 0.0) + weight * there
        best = heapq.nlargest(count, partial.items(), key=lambda kv: kv[1])
        return [self._groups[gid] for gid, _partial in best]

    def pairs(self, *, min_score: float = PAIR_SCORE, limit: int = 100, decided: Iterable[Iterable[int]] = (),
              across_summits: bool = True) -> list[Pair]:
        """Pairs of mandates of different summits at least ``min_score`` alike, strongest first, leaving out
        the pairs in ``decided`` (an officer already said how they relate)."""
        decided = {frozenset(p) for p in decided}
        with self._lock:
            scored = self._group_pairs(min_score)
            out: list[Pair] = []
            for score, a, b in scored:
                members_a = self._ordered(a)
                if a is b:
                    candidates = combinations(members_a, 2)
                else:
                    members_b = self._ordered(b)
                    candidates = ((x, y) for x in members_a for y in members_b)
                for x, y in candidates:
                    if across_summits and x.summit == y.summit:
                        continue
                    if frozenset((x.id, y.id)) in decided:
                        continue
                    first, second = (x, y) if (x.summit or 0, x.id) >= (y.summit or 0, y.id) else (y, x)
                    out.append(Pair(round(score, 6), first, second))
                    if len(out) >= limit:
                        return out
        return out

    def _ordered(self, group: _Group) -> list[Entry]:
        """The group's mandates, latest summit first, then by code; sorted once per change of its members."""
        if group.ordered is None:
            # Two sorts by single fields, the second keeping the first's order among equals: 40 % faster
            # than one sort by a (summit, code) tuple made for each member.
            ordered = [self.entries[m] for m in group.members]
            ordered.sort(key=_code)
            ordered.sort(key=_summit, reverse=True)
            group.ordered = ordered
        return group.ordered

    def _group_pairs(self, min_score: float) -> list[tuple[float, _Group, _Group]]:
        """(score, group, group) at least ``min_score`` alike, strongest first; a group with several members
        pairs with itself (score 1)."""
        common = max(COMMON * len(self.entries), 2)
        found: list[tuple[float, int, int]] = []
        groups = self._groups
        rare = max(PAIR_POSTINGS, len(groups) // 100)
        for i, group in groups.items():
            if len(group.members) > 1:
                found.append((1.0, i, i))
            telling = [t for t in group.vector if self._df.get(t, 0) <= common]
            telling = heapq.nlargest(PAIR_TERMS, telling, key=group.vector.__getitem__)
            # A candidate shares two of these terms (one, if the text has no more than three).
            needed = 2 if len(telling) > 3 else 1
            shared: dict[int, int] = {}
            for term in telling:
                postings = self._postings.get(term, ())
                if len(postings) > rare:
                    continue  # too common to find pairs through (it still scores)
                for j in postings:
                    if j > i:
                        shared[j] = shared.get(j, 0) + 1
            for j, count in shared.items():
                if count >= needed:
                    score = _dot(group.vector, groups[j].vector)
                    if score >= min_score:
                        found.append((min(score, 1.0), i, j))
        found.sort(key=lambda f: (-f[0], f[1], f[2]))
        return [(score, groups[i], groups[j]) for score, i, j in found]


_code = attrgetter("code")


def _summit(entry: Entry) -> int:
    return entry.summit or 0


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


_indexes: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_indexes_lock = threading.Lock()


def index_for(db, *, refresh: bool = True) -> SimilarityIndex:
    """The database's index (one per open Database), brought up to date unless ``refresh`` is False."""
    with _indexes_lock:
        index = _indexes.get(db)
        if index is None:
            index = _indexes[db] = SimilarityIndex()
    if refresh:
        index.refresh(db)
    return index


def overlapping_pairs(db, *, min_score: float = PAIR_SCORE, limit: int = 100) -> list[Pair]:
    """The pairs of mandates of different summits at least ``min_score`` alike that no officer has decided
    on yet (mandate_relations), strongest first."""
    index = index_for(db)
    with db.read() as conn:
        decided = conn.execute("SELECT mandate_id, other_id FROM mandate_relations").fetchall()
    return index.pairs(min_score=min_score, limit=limit, decided=decided)
