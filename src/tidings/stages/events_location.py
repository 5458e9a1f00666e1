"""Where an event happened: a place of its own phrase or clause, the place of
the event it is for, or the article's dateline, with the reason for the
choice, or the reason there is none (contract ``location_reason``).

Event data is mapped, and a country centroid drawn for every event that
merely mentions a country misleads more than a missing location: so a
location is given only when the text ties a place to the event, and a null
says why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from . import participants as pt
from .base import Analysis, EventHit, LocationHit, ParticipantHit, PlaceHit
from .codebook import Lexicon

if TYPE_CHECKING:
    from .events import Candidate

LOCATION_PREPS = ("in", "at", "near", "outside", "inside", "across", "throughout", "around",
                  "through")
PRECISION = {"country": "country", "admin1": "admin1", "admin2": "admin1", "region": "admin1"}
Parts = list[ParticipantHit]


def anchor_of(token: Token, stops: set[int]) -> Token:
    """The nearest eventive ancestor a time or place phrase belongs to."""
    node = token
    while node.head.i != node.i:
        node = node.head
        if node.i in stops or node.pos_ in ("VERB", "AUX"):
            return node
    return node


# Where an event happened (contract ``location_reason``): how a location was
# chosen, or why there is none.  A closed vocabulary, documented in the README.
FROM_PHRASE = "event_phrase"  # a locative phrase of the event ("clashed in X")
FROM_SENTENCE = "sentence"  # the one place in the event's clause (a relative or time clause)
FROM_DATELINE = "dateline"  # the article's dateline ("NAIROBI, Kenya --")
FROM_OUTER = "outer_event"  # the event it is for or during ("trip to X for talks")
NO_PLACE = "no_place_in_sentence"
PLACE_IS_PARTICIPANT = "place_is_participant"  # "Moscow said", "sanctions on Iran"
ONLY_COUNTRY = "only_country"  # no centroid guess from a country named in passing
AMBIGUOUS = "ambiguous"  # several places, none tied to the event
OTHER_CLAUSE = "other_clause"  # the place belongs to the report ("said in X")
LOCATION_REASONS = (FROM_PHRASE, FROM_SENTENCE, FROM_OUTER, FROM_DATELINE, NO_PLACE,
                    PLACE_IS_PARTICIPANT, ONLY_COUNTRY, AMBIGUOUS, OTHER_CLAUSE)
LOCATIVE_CHAIN = ("appos", "conj", "compound")
COARSE = ("country", "continent")
RANK = {"city": 0, "admin2": 1, "admin1": 1, "region": 1, "country": 2}

# "NAIROBI, Kenya -", "MOSCOW (Reuters) -": a capitalised place, an optional
# qualifier and wire credit, then a dash, at the very start of the article.
DATELINE = re.compile(
    r"\A\s*[A-Z][A-Z.'’ -]{1,40}[A-Z.](?:,\s*[A-Z][\w.'’ -]{1,30}?)?"
    r"(?:\s*\([^()\n]{1,40}\))?\s*(?:—|–|--?|:)\s+"
)


@dataclass
class Dateline:
    end: int  # characters before this belong to the dateline, not to any sentence
    place: PlaceHit | None


@dataclass
class Scene:
    """What locating any event of the document needs."""

    stops: set[int]  # eventive tokens a place phrase may belong to
    triggers: set[int]  # the event triggers among them
    dateline: Dateline
    lex: Lexicon


def find_dateline(analysis: Analysis) -> Dateline:
    """The dateline says where the report was filed; events in the article
    take that place when their own sentence states none.  Its words are no
    participants ("KYIV, Ukraine - Russian drones struck ..." has one actor)."""
    found = DATELINE.match(analysis.text)
    inside = [p for p in analysis.places if found is not None and p.end <= found.end()]
    if found is None or not inside:  # "NATO - ..." opens a headline, not a dateline
        return Dateline(0, None)
    fine = [p for p in inside if p.feature not in COARSE and not _wide(p)]
    return Dateline(found.end(), fine[0] if fine else None)


def _locative_prep(token: Token, extra: frozenset[str] = frozenset()) -> Token | None:
    """The locative preposition a place name hangs on, through "X, Y",
    "X and Y" and "the town of X"; ``extra`` adds a predicate's own
    ("travelled to X"), and with "object" a direct object is its own head
    ("visited X")."""
    node = token
    for _ in range(6):
        if node.dep_ in LOCATIVE_CHAIN and node.head.i != node.i:
            node = node.head
        elif node.dep_ == "pobj" and node.head.lower_ == "of" and node.head.head.dep_ == "pobj":
            node = node.head.head
        else:
            break
    if node.dep_ == "pobj" and (node.head.lower_ in LOCATION_PREPS or node.head.lower_ in extra):
        return node.head
    if node.dep_ == "dobj" and "object" in extra:
        return node
    return None


def _wide(place: PlaceHit) -> bool:
    """A continent or a region across borders ("Southeast Asia") locates nothing."""
    return place.feature == "continent" or not place.country


def _precise(place: PlaceHit) -> LocationHit:
    return LocationHit(place=place, precision=PRECISION.get(place.feature or "", "city"))


def _best(places: list[tuple[PlaceHit, Token]], trigger: Token) -> PlaceHit:
    """The most precise place, then the nearest to the trigger."""
    return min(places, key=lambda pt_: (RANK.get(pt_[0].feature or "", 0),
                                        abs(pt_[1].i - trigger.i)))[0]


def _distinct(places: list[PlaceHit]) -> int:
    """How many different places: a city and its own region or country count once."""
    fine = {(p.name, p.country) for p in places if p.feature not in COARSE}
    return len(fine) or len({p.country for p in places})


def _role_of_place(place: PlaceHit, span: Span, cand: Candidate, parts: Parts, targets: Parts,
                   owners: set[int], scene: Scene) -> str:  # fmt: skip
    """How a place in the event's sentence relates to the event: "own"
    (its locative phrase), "participant", "coarse" (a country or wider, named
    in passing), "elsewhere" (another clause's or event's place) or "free"."""
    root, trigger = span.root, cand.token
    own = _locative_prep(root, cand.pred.location_preps)
    anchor = anchor_of(root, scene.stops).i
    if own is not None and (own.head.i in owners or anchor in owners) and not _wide(place):
        return "own"
    if (any(p.start == place.start and p.end == place.end for p in targets)
            and pt.hit_directly(root, trigger) and not _wide(place)):
        return "own"  # "shelled X", "seized X": the place hit is where it happened
    if any(p.start < place.end and place.start < p.end for p in parts):
        return "participant"
    if place.feature in COARSE or _wide(place):
        return "coarse"
    if (_locative_prep(root) is None or not pt.within_clause(root, trigger)
            or (anchor in scene.triggers and anchor not in owners)):
        return "elsewhere"  # "said in X", "blamed Y for the bombing in X"
    return "free"


def locate(analysis: Analysis, cand: Candidate, event: EventHit, owners: set[int],
            scene: Scene) -> tuple[LocationHit | None, str]:  # fmt: skip
    """Where the event happened, with the reason for the choice: a place in
    the event's own locative phrase, else the one place the sentence's other
    locative phrases name, else the dateline; never a country's centroid for a
    country merely mentioned."""
    trigger, dateline = cand.token, scene.dateline
    sent = trigger.sent
    parts = event.actors + event.recipients
    targets = event.recipients if scene.lex.type_info(event.type).place_recipient else []
    if trigger.dep_ == "advcl" and any(c.lower_ == "to" for c in trigger.children):
        owners = owners | {trigger.head.i}  # "blocked roads in X to demand Y"
    found: dict[str, list[tuple[PlaceHit, Token]]] = {}
    for place in analysis.places:
        span = analysis.span(place.start, place.end)
        if (span is None or not len(span) or place.start < dateline.end
                or not sent.start_char <= place.start < sent.end_char):
            continue
        role = _role_of_place(place, span, cand, parts, targets, owners, scene)
        found.setdefault(role, []).append((place, span.root))
    if "own" in found:
        if _distinct([p for p, _ in found["own"]]) > 1:
            return None, AMBIGUOUS  # "will visit X and Y"
        return _precise(_best(found["own"], trigger)), FROM_PHRASE
    if "free" in found:
        if _distinct([p for p, _ in found["free"]]) > 1:
            return None, AMBIGUOUS
        return _precise(_best(found["free"], trigger)), FROM_SENTENCE
    if "elsewhere" in found:
        return None, OTHER_CLAUSE
    if dateline.place is not None and _dateline_fits(dateline.place, event, sent, analysis):
        return _precise(dateline.place), FROM_DATELINE
    if "coarse" in found:
        return None, ONLY_COUNTRY
    return None, PLACE_IS_PARTICIPANT if "participant" in found else NO_PLACE


def _dateline_fits(place: PlaceHit, event: EventHit, sent: Span,
                   analysis: Analysis) -> bool:  # fmt: skip
    """A dateline locates an event of its own country's parties (or of parties
    of unknown country), not a clash between two foreign armies, and not one
    whose sentence names another country.  Fighting is located there only
    when the dateline's country is the side hit: reporters in a capital
    cover battles far from it."""
    if any(p.country != place.country for p in analysis.places
           if p.feature == "country" and sent.start_char <= p.start < sent.end_char):
        return False
    if "military" in event.contexts:
        return place.country in {p.code[:3] for p in event.recipients}
    parts = event.actors + event.recipients
    known = {p.code[:3] for p in parts if not p.code.startswith(("---", "UNK"))}
    return not known or place.country in known
