"""Stage: places -- find toponyms and resolve each to a gazetteer entry, offline.

Reads: the spaCy Doc and ``entities`` (their countries are context).
Writes: ``places``.

Candidates are the NER's GPE/LOC/FAC spans plus capitalised runs the NER
missed when they name a country, a first-level division or a large city (a
small town's name is too often a surname to take without the NER's word).
Demonyms (NORP) are not places.  Ambiguous names are resolved in two passes:
names with one reading (countries, states) set the document's context, then
every name takes the reading that best fits that context -- same country,
same state, a qualifier right after it ("Springfield, Illinois") -- with
population as the prior, so an unknown context falls back to the best-known
place rather than to an obscure one on another continent.  Datelines in
capitals are candidates too; a name the story also uses as a person's surname
is not, unless a place cue comes with it.  After the towns are settled, county
names follow them into their state, and a local story's unknown villages are
put with its towns.  Demonyms stay out although some corpora tag them: news
geoparsing corpora disagree on them, and "American" locates nothing.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml
from spacy.tokens import Doc, Span

from .base import Analysis, PlaceHit, Stage
from .gazetteer import Entry, Gazetteer, gazetteer, norm

_PLACE_LABELS = ("GPE", "LOC", "FAC")
_OTHER_LABELS = ("PERSON", "ORG", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "DATE",
                 "MONEY", "CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "TIME", "LANGUAGE")
# Features that a capitalised run may be taken as without the NER's support.
_SAFE_FEATURES = ("country", "admin1", "continent", "region")
_SAFE_CITY_PRIOR = 12.5  # about 270,000 people
_COUNTRY_BONUS = 4.0
_ADMIN1_BONUS = 3.0
_QUALIFIER_BONUS = 20.0
_EXACT_NAME_BONUS = 4.0


_MAX_LOCAL = 7.0  # a metropolis (Boston) does not turn into a namesake village (Boston, N.Y.)
_DIVISION_GAP = 3.0  # prior gap by which a division outranks a namesake town (Ontario, Calif.)
_SHARE_POWER = 2.0  # how fast a less-supported division's coherence fades
_COHERENCE_BONUS = 2.5  # per other name in the document with a reading in the same division
# A reading votes fully when its town is within e^4 (about 55 times) of the name's best-known
# reading, and less the smaller it is beyond that.
_VOTE_MARGIN = 4.0
_VOTE_DECAY = 0.5
_VOTERS = 8  # readings per name that vote for a division
_HOME_MIN_EVIDENCE = 2  # other places or local-news marks that make a story local
_HOME_MIN_PRIOR = 8.0  # about 3,000 people: the smallest namesake town a local story flips to
_HOME_COUNTRY_PRIOR = 9.5  # about 13,000 people: a namesake that may stand for a country's name


@lru_cache(maxsize=1)
def _not_places() -> frozenset[str]:
    text = resources.files("tidings").joinpath("data/places/not_places.txt").read_text("utf-8")
    return frozenset(ln.strip() for ln in text.splitlines() if ln.strip() and ln[0] != "#")


@lru_cache(maxsize=1)
def _cues() -> dict[str, frozenset[str]]:
    text = resources.files("tidings").joinpath("data/places/cues.yaml").read_text("utf-8")
    data = yaml.safe_load(text) or {}
    return {key: frozenset(str(w) if key == "division_words" else str(w).lower()
                           for w in words) for key, words in data.items()}


def _lookup(gaz: Gazetteer, name: str) -> list[Entry]:
    """Gazetteer readings of a name, minus the ones that are almost never meant."""
    if norm(name) in _not_places() or (len(name) < 3 and not (name.isupper() and len(name) > 1)):
        return []
    found = gaz.lookup(name) or _division_of(gaz, name)
    if name.isupper() and len(name.replace(".", "")) <= 3:
        # "UN", "EU", "NFL" are acronyms, not the towns spelled so ("Un", India); an
        # abbreviation kept as an alias ("DC", "NYC") names a place of another spelling.
        found = [e for e in found if e.feature != "city" or norm(e.name) != norm(name)]
    return found


def _division_of(gaz: Gazetteer, name: str) -> list[Entry]:
    """ "Shandong province", "Kherson region", "Upper Nile state": the first-level
    division, or, when the gazetteer knows only the town it is named after, a
    division put at that town."""
    stem, _, kind = name.rpartition(" ")
    if not stem or kind not in _cues()["division_words"]:
        return []
    readings = gaz.lookup(stem)
    if any(e.feature == "country" for e in readings):
        return []
    divisions = [e for e in readings if e.feature == "admin1"]
    if divisions:
        return divisions
    return [Entry(name, "admin1", e.country, e.lat, e.lon, None, e.prior, e.admin1)
            for e in readings[:3] if e.feature == "city" and norm(e.name) == norm(stem)]


@dataclass
class Candidate:
    start: int
    end: int
    text: str
    entries: list[Entry]
    from_ner: bool
    dateline: bool = False  # a dateline with no state or country after the name


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a leading article and a trailing possessive from an entity span."""
    span = text[start:end]
    if span.lower().startswith("the "):
        start += 4
    for suffix in ("'s", "’s", "'", "’"):  # "Kent's", "the United States' "
        if text[start:end].endswith(suffix):
            end -= len(suffix)
            break
    return start, end


def _ner_candidates(analysis: Analysis, gaz: Gazetteer) -> list[Candidate]:
    text = analysis.text
    out: list[Candidate] = []
    for ent in analysis.doc.ents:
        if ent.label_ not in _PLACE_LABELS:
            continue
        start, end = _trim(text, ent.start_char, ent.end_char)
        end = _extend(text, start, end, gaz)
        entries = _lookup(gaz, text[start:end])
        if entries:
            stem, _, kind = text[start:end].rpartition(" ")
            if kind.islower() and kind in _cues()["division_words"] and not gaz.lookup(
                    text[start:end]):
                end = start + len(stem)  # "Shandong province": the name is "Shandong"
            out.append(Candidate(start, end, text[start:end], entries, True))
            continue
        parts = _split_candidates(text, start, end, gaz)
        sub = _sub_candidate(analysis, start, end, gaz) if not parts else None
        out.extend(parts or ([sub] if sub else []))
    return out


def _sub_candidate(analysis: Analysis, start: int, end: int, gaz: Gazetteer) -> Candidate | None:
    """The longest known name at either edge of an unknown span ("W.Va. 61")."""
    span = analysis.span(start, end)
    if span is None or len(span) < 2 or any(t.lower_ in _cues()["nature_words"] for t in span):
        return None
    # "Douglas County Road 15", "Greene County Common Pleas Court": the county is the place.
    county = any(t.lower_ in _cues()["county_words"] for t in span[1:-1])
    if span[-1].lower_ in _cues()["road_words"] and span[0].text[:1].isupper() and not county:
        road = Entry(span.text, "street", None, None, None, None, 0.0)
        return Candidate(span.start_char, span.end_char, span.text, [road], True)
    for size in range(len(span) - 1, 0, -1):
        for sub in (span[:size], span[len(span) - size:]):
            entries = _lookup(gaz, sub.text)
            if entries and sub.text[:1].isupper() and _by_name(entries, sub.text, strict=True):
                return Candidate(sub.start_char, sub.end_char, sub.text, entries, True)
    return None


def _extend(text: str, start: int, end: int, gaz: Gazetteer) -> int:
    """Take in a following word that makes a longer known name ("Washington state")."""
    rest = text[end:end + 20]
    word = rest.split()[0] if rest[:1] == " " and rest.split() else ""
    if word and gaz.lookup(text[start:end] + " " + word):
        return end + 1 + len(word)
    return end


def _split_candidates(text: str, start: int, end: int, gaz: Gazetteer) -> list[Candidate]:
    """An unknown span may join known names ("Springfield, Illinois")."""
    out: list[Candidate] = []
    offset = start
    for part in text[start:end].split(","):
        p_start = offset + len(part) - len(part.lstrip())
        p_end = offset + len(part.rstrip())
        offset += len(part) + 1
        if p_end > p_start and (start, end) != (p_start, p_end):
            entries = _lookup(gaz, text[p_start:p_end])
            if entries:
                out.append(Candidate(p_start, p_end, text[p_start:p_end], entries, True))
    return out


def _by_name(entries: list[Entry], text: str, strict: bool = False) -> bool:
    """Whether the text is a place's own name rather than one of a town's many
    alternate spellings, which often coincide with words and acronyms.  Strictly,
    diacritics count too: a shop or a person ("Belk", "Titan") that the recogniser
    names is not the foreign village spelled the same but for its marks."""
    if strict:
        key = " ".join(text.lower().split())
        return any(e.feature != "city" or " ".join(e.name.lower().split()) == key
                   for e in entries)
    return any(e.feature != "city" or norm(e.name) == norm(text) for e in entries)


def _is_safe(entries: list[Entry]) -> bool:
    return any((e.feature in _SAFE_FEATURES and e.prior >= 15.0)
               or (e.feature == "city" and e.prior >= _SAFE_CITY_PRIOR) for e in entries)


def _extra_candidates(doc: Doc, gaz: Gazetteer, taken: list[tuple[int, int]],
                      known: set[str]) -> list[Candidate]:
    """Capitalised runs outside every entity that name a well-known place, or a place
    the document names elsewhere (one sense per discourse)."""
    out: list[Candidate] = []
    i = 0
    n = len(doc)
    while i < n:
        tok = doc[i]
        if tok.ent_type_ or not tok.text[:1].isupper() or tok.pos_ not in ("PROPN",):
            i += 1
            continue
        found = None
        for j in range(min(n, i + 4), i, -1):
            span = doc[i:j]
            if any(t.ent_type_ for t in span) or not all(t.text[:1].isupper() or t.is_punct
                                                        for t in span):
                continue
            entries = _lookup(gaz, span.text)
            if entries and (_is_safe(entries) or norm(span.text) in known) \
                    and _by_name(entries, span.text):
                found = Candidate(span.start_char, span.end_char, span.text, entries, False)
                break
        if found is not None and not any(s < found.end and found.start < e for s, e in taken):
            out.append(found)
            i += max(1, len(doc.char_span(found.start, found.end, alignment_mode="expand") or []))
        else:
            i += 1
    return out


# A dateline: a place in capitals opening the story or a sentence, maybe with its state
# or agency, then a colon or dash ("BEIRUT:", "HARWINTON —", "SALEM, Ore. (AP) -").
_DATELINE = re.compile(
    r"(?:^|(?<=[.!?]\s)|(?<=[.!?][\"”’]\s))"
    r"(?P<name>[A-Z][A-Z'’.\-]+(?: [A-Z][A-Z'’.\-]+){0,2})"
    r"(?:,\s+[A-Z][A-Za-z.]+(?:\s[A-Z][a-z.]+)?)?(?:\s*\([A-Za-z ]+\))?\s*(?::|—|–|--|\s-\s)")


def _datelines(matches: list[re.Match[str]], gaz: Gazetteer,
               taken: list[tuple[int, int]]) -> list[Candidate]:
    """Datelines are place names by convention, but capitals hide them from the recogniser."""
    out: list[Candidate] = []
    for m in matches:
        start, end = m.span("name")
        name = m.group("name").rstrip(".")
        end = start + len(name)
        entries = _lookup(gaz, name)
        if len(name) > 2 and entries and _by_name(entries, name) \
                and not any(s < end and start < e for s, e in taken):
            out.append(Candidate(start, end, name, entries, True))
    return out


def _mark_datelines(cands: list[Candidate], matches: list[re.Match[str]]) -> None:
    """Flag the names that open a dateline with nothing after them but the dash,
    whichever route found them."""
    bare = {m.start("name") for m in matches if "," not in m.group(0)}
    for cand in cands:
        if cand.start in bare:
            cand.dateline = True


# Wire-style datelines leave the country out only for cities every reader knows
# ("WASHINGTON --", "PARIS --"); a namesake is always qualified ("PARIS, Texas --").
_DATELINE_CITY_PRIOR = math.log(150_000)
_DATELINE_CITY_MARGIN = 1.5  # the best-known reading is over four times the next one


def _known_dateline_city(cand: Candidate) -> Entry | None:
    if not cand.dateline:
        return None
    cities = sorted((e for e in cand.entries if e.feature == "city"), key=lambda e: -e.prior)
    if not cities or cities[0].prior < _DATELINE_CITY_PRIOR:
        return None
    if len(cities) > 1 and cities[0].prior - cities[1].prior < _DATELINE_CITY_MARGIN:
        return None
    return cities[0]


_RECOVER_LABELS = ("PERSON", "ORG", "FAC", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW")


def _has_cue(doc: Doc, start: int, end: int) -> bool:
    """A neighbouring word that only a place would have: "in Ashford", "a Dover man",
    "Ann Lee, 40, of Dover", "the town of Dover" ("of" alone is too common after
    verbs: "said of Jones")."""
    cues = _cues()
    before = doc[start - 1].lower_ if start > 0 else ""
    after = doc[end].lower_ if end < len(doc) else ""
    if before == "of":
        prev = doc[start - 2] if start > 1 else None
        return prev is not None and (prev.ent_type_ == "PERSON" or prev.is_punct
                                     or prev.lower_ in cues["of_nouns"])
    return before in cues["before"] or after in cues["after"]


def _capitalised(span: Span) -> bool:
    return all(t.text[:1].isupper() or t.is_punct for t in span) and span[0].text[:1].isupper()


def _in_entity(ent: Span, gaz: Gazetteer, known: set[str],
               beside: tuple[set[int], set[int]] = (set(), set())) -> list[Candidate]:
    """Place names that a person or organisation entity is, starts with or is "of"."""
    doc = ent.doc
    start = ent.start + (1 if ent[0].lower_ == "the" else 0)
    if start >= ent.end:
        return []
    whole = doc[start:ent.end]
    entries = _lookup(gaz, whole.text)
    if entries and _capitalised(whole) and _by_name(entries, whole.text, strict=True):
        if norm(whole.text) in known or _has_cue(doc, start, ent.end) or \
                ((ent.label_ != "PERSON" or _lone_object(whole)) and _is_safe(entries)) or \
                start in beside[0] or ent.end in beside[1]:
            return [Candidate(whole.start_char, whole.end_char, whole.text, entries, True)]
        return []
    cues = _cues()
    # "Alexandria Police" taken for a person's name is still an organisation's.
    if ent.label_ == "PERSON" and ent[-1].lower_ not in cues["org_heads"]:
        return []
    out: list[Candidate] = []
    found = _longest_place(doc, start, ent.end - 1, gaz)
    if found is not None:
        head, head_end = found
        follower = doc[head_end].lower_
        if follower not in cues["org_not"] and (
                follower in cues["org_heads"] or _is_safe(head.entries)
                or norm(head.text) in known or _is_county(head)):
            out.append(head)
    for tok in doc[start + 1:ent.end - 1]:
        if tok.lower_ in cues["org_of"]:
            after = _longest_place(doc, tok.i + 1, ent.end, gaz)
            if after is not None and (_is_safe(after[0].entries) or norm(after[0].text) in known
                                      or _is_county(after[0])):
                out.append(after[0])
    return out


def _lone_object(span: Span) -> bool:
    """A one-word "person" taken by a verb of conquest ("captured Goma", "overran
    Goma and Bukavu") is a big city the recogniser misread.  Only such verbs count:
    the object of "met" or "by" is as often a surname ("Lincoln", "Hamilton")."""
    if len(span) != 1:
        return False
    tok = span.root
    while tok.dep_ == "conj" and tok.head.i < tok.i:
        tok = tok.head
    return tok.dep_ == "dobj" and tok.head.lemma_.lower() in _cues()["seize_verbs"]


def _is_county(cand: Candidate) -> bool:
    """ "Madison County ...": whatever an organisation so named does, it is the county's."""
    last = cand.text.split()[-1].lower() if cand.text.split() else ""
    return last in _cues()["county_words"] and cand.entries[0].feature == "admin2"


def _longest_place(doc: Doc, start: int, limit: int,
                   gaz: Gazetteer) -> tuple[Candidate, int] | None:
    """The longest capitalised known name starting at token ``start`` and ending
    before token ``limit``, with its end token."""
    for j in range(min(limit, start + 3), start, -1):
        span = doc[start:j]
        if not _capitalised(span):
            continue
        entries = _lookup(gaz, span.text)
        if entries and _by_name(entries, span.text, strict=True):
            return Candidate(span.start_char, span.end_char, span.text, entries, True), j
    return None


def _recovered(analysis: Analysis, gaz: Gazetteer, cands: list[Candidate]) -> list[Candidate]:
    """Toponyms the recogniser labelled as a person or an organisation, or that
    an organisation's name contains ("Ashford Police", "University of Kent")."""
    known = {norm(c.text) for c in cands if _by_name(c.entries, c.text)}
    doc = analysis.doc
    # Entity edges joined by "and"/"or" to a place ("in both Darfur and Malakal"):
    # starts right after one, and ends right before one.
    starts: set[int] = set()
    ends: set[int] = set()
    for cand in cands:
        span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
        if span is None:
            continue
        if span.end + 1 < len(doc) and doc[span.end].lower_ in ("and", "or"):
            starts.add(span.end + 1)
        if span.start >= 2 and doc[span.start - 1].lower_ in ("and", "or"):
            ends.add(span.start - 1)
    out: list[Candidate] = []
    countries = _named_countries(analysis)
    for ent in doc.ents:
        if ent.label_ in _RECOVER_LABELS:
            out.extend(_in_entity(ent, gaz, known, (starts, ends)))
        elif ent.label_ == "NORP":
            out.extend(_norp_place(ent, analysis, gaz, countries))
    return out


def _named_countries(analysis: Analysis) -> set[str]:
    """Countries the story names as places or peoples (its actors' countries)."""
    return {ent.actor.country[:3] for ent in analysis.entities
            if ent.actor is not None and ent.actor.country and ent.kind in ("GPE", "NORP")}


def _norp_place(ent: Span, analysis: Analysis, gaz: Gazetteer,
                countries: set[str]) -> list[Candidate]:
    """A town the recogniser took for a people ("troops in Omdurman"): a place cue next
    to it and a reading in a country the story names.  A real demonym is coded with
    its country by the entities stage, and is no place ("in Sudanese cities")."""
    doc = ent.doc
    start = ent.start + (1 if ent[0].lower_ == "the" else 0)
    whole = doc[start:ent.end]
    if not len(whole) or not _capitalised(whole) or not _has_cue(doc, start, ent.end):
        return []
    coded = analysis.entity_at(whole.start_char, whole.end_char)
    if coded is not None and coded.actor is not None and coded.actor.country:
        return []
    entries = [e for e in _lookup(gaz, whole.text) if e.country in countries]
    if not entries or not _by_name(entries, whole.text, strict=True):
        return []
    return [Candidate(whole.start_char, whole.end_char, whole.text, entries, True)]


_SAINT = re.compile(r"(?i)(?:st\.?|saint|ste\.?|sainte)\s")


def _is_saints(cand: Candidate, text: str) -> bool:
    """ "St. Patrick's Day", "St. Mary's School": a saint's feast or church, not the
    town named after the saint."""
    after = text[cand.end:cand.end + 2]
    return _SAINT.match(cand.text) is not None and (
        after in ("'s", "’s") or cand.text.endswith(("'s", "’s")))


def _not_surnames(cands: list[Candidate], doc: Doc) -> list[Candidate]:
    """Drop a name the story also gives as a person's surname ("Mayor Ann Holroyd ...
    Holroyd said") unless a place cue comes with it ("in Holroyd", "Holroyd police")."""
    surnames = {norm(ent[-1].text) for ent in doc.ents
                if ent.label_ == "PERSON" and len(ent) > 1 and ent[-1].text[:1].isupper()}
    if not surnames:
        return cands
    out: list[Candidate] = []
    for cand in cands:
        span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
        if norm(cand.text) in surnames and span is not None \
                and not _has_cue(doc, span.start, span.end) and not _qualified(doc, span.end):
            continue
        out.append(cand)
    return out


def _marks_matter(cands: list[Candidate], countries: set[str]) -> list[Candidate]:
    """Drop readings that match only once diacritics are ignored ("Titan" for Tītān,
    Afghanistan) unless the story names their country or the place is well known:
    folding finds "Nis" for Niš in a Serbian story, not a village for every English word."""
    out: list[Candidate] = []
    for cand in cands:
        plain = " ".join(cand.text.lower().split())
        entries = [e for e in cand.entries
                   if e.feature != "city" or e.country in countries
                   or e.prior >= _SAFE_CITY_PRIOR or norm(e.name) != norm(cand.text)
                   or " ".join(e.name.lower().split()) == plain]
        if entries:
            out.append(cand if len(entries) == len(cand.entries) else Candidate(
                cand.start, cand.end, cand.text, entries, cand.from_ner))
    return out


def _qualified(doc: Doc, end: int) -> bool:
    """Followed by ", State" or ", Country"."""
    return end + 1 < len(doc) and doc[end].text == "," and doc[end + 1].ent_type_ == "GPE"


def _distinct(cands: list[Candidate], text: str) -> list[Candidate]:
    """One candidate per stretch of text, in text order: a facility the recogniser
    labels ("Ashford City Hall") is both a place label and an entity that may hold a
    town's name, so two routes can propose the same words.  The longer span wins."""
    out: list[Candidate] = []
    for cand in sorted(cands, key=lambda c: (c.start - c.end, c.start)):
        if _is_saints(cand, text):
            continue
        if not any(o.start < cand.end and cand.start < o.end for o in out):
            out.append(cand)
    return sorted(out, key=lambda c: c.start)


def _context(cands: list[Candidate], analysis: Analysis) -> tuple[Counter[str], Counter[str]]:
    """Countries and (country, division) pairs the document commits to."""
    countries: Counter[str] = Counter()
    divisions: Counter[str] = Counter()
    for cand in cands:
        top = cand.entries[0]
        second = cand.entries[1] if len(cand.entries) > 1 else None
        runner_up = second.prior if second is not None else 0.0
        # A division's name shared with a town ("Ontario") means the division unless the
        # town is nearly as prominent; a name shared by two divisions needs a wider gap.
        gap = _DIVISION_GAP if second is not None and second.feature == "city" else 4.0
        # A county name is ambiguous between states but never between countries.
        same_country = top.feature == "admin2" and all(e.country == top.country
                                                        for e in cand.entries)
        if same_country and top.country:
            countries[top.country] += 1
        if top.feature in ("country", "admin1", "admin2") and top.prior - runner_up >= gap:
            if top.country:
                countries[top.country] += 1
            if top.feature in ("admin1", "admin2") and top.admin1:
                divisions[f"{top.country}/{top.admin1}"] += 1
    gaz = gazetteer()
    for ent in analysis.entities:
        if ent.actor is None or not ent.actor.country or ent.kind not in ("GPE", "NORP"):
            continue
        # A town's name says nothing of its country until it is resolved here,
        said = analysis.text[ent.mentions[0][0]:ent.mentions[0][1]] if ent.mentions else ent.name
        readings = gaz.lookup(said)
        if ent.kind == "GPE" and readings and (readings[0].feature == "city" or (
                len(readings) > 1 and readings[0].country != readings[1].country
                and readings[0].prior - readings[1].prior < (
                    _DIVISION_GAP if readings[1].feature == "city" else 4.0))):
            continue  # nor does a name shared by a country and a state ("Georgia")
        countries[ent.actor.country[:3]] += len(ent.mentions) or 1
    return countries, divisions


def _qualifier(text: str, cand: Candidate, gaz: Gazetteer) -> Entry | None:
    """A division named right after a town: "Springfield, Illinois", "Paris, Tex.",
    "Salem, OR"."""
    rest = text[cand.end:cand.end + 40]
    if not rest.startswith(","):
        return None
    words = rest[1:].split()
    for n in (3, 2, 1):
        name = " ".join(words[:n]).rstrip(",;:)")
        for e in gaz.lookup(name) if name else []:
            if e.feature == "admin1":
                return e
    code = words[0].rstrip(",;:).") if words else ""
    # A US postal code ("OH") counts as a qualifier only here: "OR", "IN", "ME" are words.
    return gaz.divisions.get(("USA", code)) if len(code) == 2 and code.isupper() else None


def _coherence(cands: list[Candidate]) -> Counter[str]:
    """For each division, how strongly the document's distinct names point into it, in
    hundredths of a vote: "Athens" and "Georgia" together point at the US state,
    whichever is resolved first.  A name's reading votes fully unless it is much smaller
    than the name's best-known one, so a name whose namesakes are villages ("Chicago")
    does not vote for every state that has one.  Keys: "~division" for the total and
    "~name~division" for one name's own share (a name does not vote for itself)."""
    support: Counter[str] = Counter()
    for key, name in {norm(c.text): c for c in cands}.items():
        # County names all weigh the same, so every state with one votes.
        voters = name.entries if name.entries[0].feature == "admin2" else name.entries[:_VOTERS]
        top = max(e.prior for e in voters)
        own: dict[str, int] = {}
        for e in voters:
            if e.country and e.admin1:
                div = f"{e.country}/{e.admin1}"
                weight = math.exp(-_VOTE_DECAY * max(0.0, top - e.prior - _VOTE_MARGIN))
                own[div] = max(own.get(div, 0), round(100 * weight))
        for div, votes in own.items():
            support[f"~{div}"] += votes
            support[f"~{key}~{div}"] += votes
    # The best-supported division: others count in proportion to it, so that a state
    # every other name has some namesake in does not rival the one they are all in.
    support["~"] = max((v for k, v in support.items() if k.count("~") == 1), default=0)
    return support


def _score(entry: Entry, cand: Candidate, countries: Counter[str], divisions: Counter[str],
           qualifier: Entry | None) -> float:
    score = entry.prior
    local = 0.0  # evidence for the entry's division, short of a qualifier
    if entry.country and entry.admin1:
        div = f"{entry.country}/{entry.admin1}"
        others = (divisions[f"~{div}"] - divisions[f"~{norm(cand.text)}~{div}"]) / 100
        share = (divisions[f"~{div}"] / divisions["~"]) ** _SHARE_POWER if divisions["~"] else 0.0
        local += _COHERENCE_BONUS * min(3.0, max(0.0, others)) * share
        if divisions[div] and entry.feature != "admin1":
            local += _ADMIN1_BONUS
    score += min(local, _MAX_LOCAL)
    if norm(entry.name) == norm(cand.text):
        score += _EXACT_NAME_BONUS
    if entry.country and countries[entry.country]:
        score += _COUNTRY_BONUS + min(2.0, countries[entry.country] / 4)
    if qualifier is not None and entry.country == qualifier.country \
            and entry.admin1 == qualifier.admin1 and entry.feature != "admin1":
        score += _QUALIFIER_BONUS
    return score


def _resolve(cand: Candidate, text: str, gaz: Gazetteer, countries: Counter[str],
             divisions: Counter[str], qualifiers: dict[str, Entry] | None = None) -> Entry:
    known = _known_dateline_city(cand)
    if known is not None:
        return known
    qualifier = _qualifier(text, cand, gaz) or (qualifiers or {}).get(norm(cand.text))
    best = max(cand.entries, key=lambda e: _score(e, cand, countries, divisions, qualifier))
    best = _metropolis(cand, best, countries) if qualifier is None else best
    if qualifier is not None and best.feature == "city" and qualifier.country == "USA" and \
            (best.country, best.admin1) != (qualifier.country, qualifier.admin1) and \
            all(e.feature != "country" for e in gaz.lookup(qualifier.name)):
        # "Bethel, Vt.": the town is too small for the gazetteer, and a namesake in
        # another state is farther from it than the state it is said to be in.  ("Tbilisi,
        # Georgia" is no Georgia town: a state sharing a country's name is no evidence.)
        return Entry(cand.text, "city", qualifier.country, qualifier.lat, qualifier.lon, None,
                     0.0, qualifier.admin1)
    return best


# Population ratio (as a prior gap) past which context cannot turn a city into a namesake.
_METROPOLIS_GAP = 4.0  # about 55 times more people


def _metropolis(cand: Candidate, best: Entry, countries: Counter[str]) -> Entry:
    """A city far larger than the chosen reading, in another country the article
    names, keeps its name: "Dhaka" in a story about India and Bangladesh is the capital,
    not a Bihar village, however often India is mentioned."""
    top = max((e for e in cand.entries if e.feature == "city"), key=lambda e: e.prior,
              default=None)
    if top is None or best.feature != "city" or top.country == best.country:
        return best  # within one country its states and counties decide (Austin, Ind.)
    if top.prior - best.prior >= _METROPOLIS_GAP and top.country and countries[top.country]:
        return top
    return best


def _shared_qualifiers(cands: list[Candidate], text: str, gaz: Gazetteer) -> dict[str, Entry]:
    """A town qualified once ("Dublin, Ohio") keeps that state in its other mentions."""
    out: dict[str, Entry] = {}
    for cand in cands:
        qualifier = _qualifier(text, cand, gaz)
        if qualifier is not None:
            out.setdefault(norm(cand.text), qualifier)
    return out


def _county_pass(resolved: list[tuple[Candidate, Entry]]) -> list[tuple[Candidate, Entry]]:
    """Put each county in the state where the story's towns and states ended up: a
    county name is shared by many states, and is read before its towns are settled
    ("Walker County" with "Huntsville", which a later pass moved to Texas)."""
    states: Counter[str] = Counter()
    for _cand, best in resolved:
        if best.feature in ("city", "admin1") and best.country and best.admin1:
            states[f"{best.country}/{best.admin1}"] += 1
    if not states:
        return resolved
    out: list[tuple[Candidate, Entry]] = []
    for cand, best in resolved:
        if best.feature == "admin2":
            options = [e for e in cand.entries if e.feature == "admin2"
                       and states[f"{e.country}/{e.admin1}"]]
            if options:
                best = max(options, key=lambda e: (states[f"{e.country}/{e.admin1}"],
                                                   e is best, e.prior))
        out.append((cand, best))
    return out


def _county_points(bests: list[Entry]) -> dict[tuple[str | None, str | None], tuple[float, float]]:
    """Where to put the document's counties: the gazetteer has no county coordinates,
    and a local story's towns lie in or next to the counties it names, so a county
    sits at the first-named town of its state rather than at the state's centre."""
    points: dict[tuple[str | None, str | None], tuple[float, float]] = {}
    for e in bests:
        if e.feature == "city" and e.lat is not None and e.lon is not None and e.admin1:
            points.setdefault((e.country, e.admin1), (e.lat, e.lon))
    return points


def _first_towns(bests: list[Entry], gaz: Gazetteer) -> dict[Entry, tuple[float, float]]:
    """Where to put divisions the gazetteer can only place at their country's centre:
    at the story's first town in that country, which a story naming both most likely
    lies in or near ("Dagestan" with "Makhachkala")."""
    first: dict[str | None, tuple[float, float]] = {}
    for e in bests:
        if e.feature == "city" and e.lat is not None and e.lon is not None:
            first.setdefault(e.country, (e.lat, e.lon))
    out: dict[Entry, tuple[float, float]] = {}
    for e in bests:
        home = gaz.country(e.country) if e.country else None
        if e.feature == "admin1" and home is not None and (e.lat, e.lon) == (home.lat, home.lon) \
                and e.country in first:
            out[e] = first[e.country]
    return out


def _second_pass(first: list[tuple[Candidate, Entry]], text: str, gaz: Gazetteer,
                 countries: Counter[str], divisions: Counter[str],
                 qualifiers: dict[str, Entry]) -> list[tuple[Candidate, Entry]]:
    """Resolve again with the divisions the other names settled in: a county name
    shared by many states follows the town it is named with ("Athens" then
    "Clarke County").  A name does not vote for itself."""
    votes: dict[str, Counter[str]] = {}
    for cand, best in first:
        if best.feature in ("city", "admin2") and best.admin1:
            votes.setdefault(norm(cand.text), Counter())[f"{best.country}/{best.admin1}"] += 1
    out: list[tuple[Candidate, Entry]] = []
    for cand, best in first:
        extra: Counter[str] = Counter()
        for name, counter in votes.items():
            if name != norm(cand.text):
                extra.update(counter)
        if not extra or len(cand.entries) < 2:
            out.append((cand, best))
            continue
        out.append((cand, _resolve(cand, text, gaz, countries, divisions + extra, qualifiers)))
    return out


def _local_cues(doc: Doc) -> int:
    """How many distinct marks of American local news the text carries (a county, a
    sheriff, a city council, dollar amounts, a numbered route)."""
    words = _cues()["us_local"]
    hits: set[str] = set()
    for tok in doc:
        pair = f"{tok.lower_} {doc[tok.i + 1].lower_}" if tok.i + 1 < len(doc) else ""
        for key in (tok.lower_, pair):
            if key in words:
                hits.add(key)
    return len(hits)


def _peoples(analysis: Analysis) -> set[str]:
    """Countries whose people the story names ("French", "Irish"): a story about them
    is not a story about an American namesake town.  (Organisations' guessed countries
    are too noisy in local news to count.)"""
    demonyms = {ent.start_char for ent in analysis.doc.ents if ent.label_ == "NORP"}
    # "Irish farmers" is coded as a group whose name starts with the demonym.
    return {ent.actor.country[:3] for ent in analysis.entities
            if ent.actor is not None and ent.actor.country
            and (ent.kind == "NORP" or any(m[0] in demonyms for m in ent.mentions))}


def _home_pass(resolved: list[tuple[Candidate, Entry]], analysis: Analysis,
               countries: Counter[str], divisions: Counter[str],
               gaz: Gazetteer) -> list[tuple[Candidate, Entry]]:
    """A local paper's story names its own towns without their state: when every other
    place in the story lies in one country, a name read as a foreign country or
    city ("Lebanon", "Dublin") takes its namesake town in that country instead."""
    text = analysis.text
    local = _local_cues(analysis.doc)
    peoples = _peoples(analysis)
    votes: dict[str, str] = {}
    for cand, best in resolved:
        if best.country and best.feature != "street":
            votes.setdefault(norm(cand.text), best.country)
    out: list[tuple[Candidate, Entry]] = []
    for cand, best in resolved:
        key = norm(cand.text)
        # Names containing this one ("Dublin City") are the same place, not evidence.
        others = Counter(c for name, c in votes.items() if name != key and key not in name)
        home = _home_country(others, local)
        if home is None or peoples - {home} or best.country in (home, None) \
                or best.feature == "continent" or _known_dateline_city(cand) is not None:
            out.append((cand, best))
            continue
        # A country outweighs only a sizeable namesake ("Lebanon", not "Peru").
        floor = _HOME_MIN_PRIOR if best.feature != "country" else _HOME_COUNTRY_PRIOR
        local_readings = [e for e in cand.entries if e.country == home
                          and norm(e.name) == key and (e.feature != "city" or e.prior >= floor)]
        if not local_readings:
            out.append((cand, best))
            continue
        flipped = Candidate(cand.start, cand.end, cand.text, local_readings, cand.from_ner)
        out.append((cand, _resolve(flipped, text, gaz, countries, divisions)))
    return out


def _home_country(others: Counter[str], local: int) -> str | None:
    """The one country all the story's other places lie in, if the evidence suffices."""
    if len(others) > 1:
        return None
    if not others:
        return "USA" if local >= _HOME_MIN_EVIDENCE else None
    home, count = others.most_common(1)[0]
    evidence = count + (min(local, 2) if home == "USA" else 0)
    return home if evidence >= _HOME_MIN_EVIDENCE else None


def _unknown_places(analysis: Analysis, gaz: Gazetteer,
                    resolved: list[tuple[Candidate, Entry]]) -> list[tuple[Candidate, Entry]]:
    """Places the recogniser is sure of but the gazetteer does not know (villages, city
    districts): a story's unknown places lie near the towns it names, so they are put at
    the first town of the division most of those lie in."""
    towns = Counter((b.country, b.admin1) for _, b in resolved if b.feature == "city")
    if not towns:
        return []
    home, count = towns.most_common(1)[0]
    if count < 2 or 2 * count < sum(towns.values()):
        return []  # a story that ranges widely says nothing of where its villages are
    anchor = next(b for _, b in resolved if (b.country, b.admin1) == home and b.feature == "city")
    taken = [(c.start, c.end) for c, _ in resolved]
    out: list[tuple[Candidate, Entry]] = []
    for ent in analysis.doc.ents:
        start, end = _trim(analysis.text, ent.start_char, ent.end_char)
        name = analysis.text[start:end]
        if ent.label_ != "GPE" or not 2 < len(name) < 40 or not _capitalised(ent) \
                or any(t.like_num for t in ent) or norm(name) in _not_places() \
                or any(s < end and start < e for s, e in taken) or gaz.lookup(name) \
                or not (_has_cue(analysis.doc, ent.start, ent.end)
                        or _qualified(analysis.doc, ent.end)):
            continue
        entry = Entry(name, "city", anchor.country, anchor.lat, anchor.lon, None, 0.0,
                      anchor.admin1)
        out.append((Candidate(start, end, name, [entry], True), entry))
    return out


def run(analysis: Analysis) -> None:
    gaz = gazetteer()
    text = analysis.text
    cands = _ner_candidates(analysis, gaz)
    cands += _recovered(analysis, gaz, cands)
    taken = [(c.start, c.end) for c in cands]
    known = {norm(c.text) for c in cands if c.from_ner and _by_name(c.entries, c.text)}
    cands += _extra_candidates(analysis.doc, gaz, taken, known)
    datelines = list(_DATELINE.finditer(text))
    cands += _datelines(datelines, gaz, [(c.start, c.end) for c in cands])
    cands = _not_surnames(_distinct(cands, text), analysis.doc)
    _mark_datelines(cands, datelines)
    cands = _marks_matter(cands, _named_countries(analysis))
    countries, divisions = _context(cands, analysis)
    divisions.update(_coherence(cands))
    qualifiers = _shared_qualifiers(cands, text, gaz)
    first = [(cand, _resolve(cand, text, gaz, countries, divisions, qualifiers))
             for cand in cands]
    resolved = _second_pass(first, text, gaz, countries, divisions, qualifiers)
    resolved = _home_pass(resolved, analysis, countries, divisions, gaz)
    resolved = _county_pass(resolved)
    resolved += _unknown_places(analysis, gaz, resolved)
    resolved.sort(key=lambda pair: pair[0].start)
    counties = _county_points([best for _, best in resolved])
    towns = _first_towns([best for _, best in resolved], gaz)
    for cand, best in resolved:
        lat, lon = counties.get((best.country, best.admin1), (best.lat, best.lon)) \
            if best.feature == "admin2" else towns.get(best, (best.lat, best.lon))
        analysis.places.append(PlaceHit(
            start=cand.start, end=cand.end, name=best.name, country=best.country,
            geonameid=best.geonameid, lat=lat, lon=lon, feature=best.feature))


STAGE = Stage(name="places", reads=("doc", "entities"), writes=("places",), run=run,
              warm=gazetteer)
