"""Stage: temporal expressions (TIMEX3), found and normalised against the
publication date.

Reads: the spaCy Doc (for the governing verb's tense and to tell years from
counts) and ``published``.  Writes: ``timexes``.

A rule-based tagger in the HeidelTime mould: ``data/timex/rules.yaml`` holds
extraction rules written over word classes from ``data/timex/lexicon.yaml``
(months, units, relative words ...), each naming the normaliser in
:mod:`tidings.stages.timex_values` that computes its value.  The rules are
compiled once per process and run over the raw text, so hyphenated and
dashed forms ("mid-October", "2024–25", "December 5-6") are seen whole,
whatever the tokeniser does with them.  Where a year-less or relative date
could go either way ("Monday", "in November"), the tense and modality of the
governing verb decide: "will meet on Monday" is the next Monday, "met on
Monday" the last one.  Expressions that count from another date ("the
following year", "that day", "10 p.m." with no day, "a year earlier" in an
earnings report) are settled in a last pass over the document, against the
dates it has named so far, as TimeML anchors them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache, partial
from importlib import resources
from itertools import pairwise
from typing import Any

import yaml
from spacy.tokens import Token

from .base import Analysis, Stage, TimexHit
from .timex_anchor import (
    FIRMLY_PAST,
    Anchor,
    from_reference,
    quarter_of_period_ending,
    valid_day,
)
from .timex_values import Normaliser, granularity, normalisers

_MACRO = re.compile(r"\{(=?)([A-Z_]+)(?::([a-z0-9_]+))?\}")
_BEFORE = r"(?<![\w$£€¥])(?<!\d[.,])"
# Not cut off inside a number or a compound ("year-ago"), but "1990s-era" is fine.
_AFTER = r"(?![\w%])(?![.,]\d)(?!-(?!era\b)\w)"
_PREMODIFIER = frozenset({"compound", "nmod", "amod", "poss", "nummod"})


@dataclass(frozen=True)
class WordClass:
    words: dict[str, str]  # normalised word -> value
    regex: str


@dataclass(frozen=True)
class Rule:
    name: str
    regex: re.Pattern[str]
    norm: str
    priority: int
    check: str | None
    refer: str | None  # how an earlier timex may refine the value (see _refer)
    groups: dict[str, str]  # group name -> class or macro name


@dataclass(frozen=True)
class Grammar:
    classes: dict[str, WordClass]
    rules: tuple[Rule, ...]
    norms: dict[str, Normaliser]
    future_aux: frozenset[str]
    future_governors: frozenset[str]
    future_verbs: frozenset[str]
    commitment_verbs: frozenset[str]
    foretelling_verbs: frozenset[str]
    count_followers: frozenset[str]
    count_before: frozenset[str]
    cues: dict[str, int]  # word(s) before a date -> direction
    trigger_words: frozenset[str]
    trigger_pattern: re.Pattern[str]


def _key(word: str) -> str:
    """Lookup form shared by lexicon keys and matched text."""
    return re.sub(r"[\s\-–]+", " ", word.lower().replace("’", "'").replace(".", "")).strip()


def _escape(word: str) -> str:
    out = re.escape(word).replace(r"\ ", r"\s+").replace(r"\-", r"[-–\s]")
    return out.replace("'", "['’]")


def _capitalised(word: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in word.split(" "))


def _word_class(spec: dict[str, Any]) -> WordClass:
    """Alternation of a class's words, longest first; proper names match only
    capitalised, abbreviations only with a full stop or before a number."""
    proper = bool(spec.get("proper"))
    full: dict[str, Any] = spec.get("map", {})
    abbrev: dict[str, Any] = spec.get("abbrev", {})

    def forms(word: str) -> list[str]:
        return [_capitalised(word), word.upper()] if proper else [word]

    alts = [_escape(f) for w in sorted(full, key=len, reverse=True) for f in forms(w)]
    regex = "|".join(alts)
    if proper:
        regex = f"(?-i:{regex})"
    if abbrev:
        short = "|".join(_escape(f) for w in sorted(abbrev, key=len, reverse=True)
                         for f in forms(w))
        regex += rf"|(?-i:{short})(?:\.|(?=\s+\d))"
    words = {_key(k): str(v) for k, v in {**full, **abbrev}.items()}
    return WordClass(words=words, regex=regex)


def _expand(pattern: str, classes: dict[str, WordClass], macros: dict[str, str],
            groups: dict[str, str]) -> str:
    """Replace ``{CLASS}`` references (recursively through macros) and turn
    literal spaces into whitespace runs."""
    def sub(found: re.Match[str]) -> str:
        bare, name, alias = found.group(1), found.group(2), found.group(3)
        if name in classes:
            body = classes[name].regex
        elif name in macros:
            body = _expand(macros[name], classes, macros, {})
        else:
            raise ValueError(f"unknown timex pattern class {name!r}")
        group = alias or name.lower()
        if group in groups and not bare and name in classes:
            raise ValueError(f"timex pattern uses {{{name}}} twice; alias one: {pattern!r}")
        if bare or group in groups:  # a repeated support macro is matched, not captured
            return f"(?:{body})"
        groups[group] = name
        return f"(?P<{group}>{body})"

    return _MACRO.sub(sub, pattern.replace(" ", r"\s+"))


def _load_yaml(name: str) -> dict[str, Any]:
    text = resources.files("tidings").joinpath("data", "timex", name).read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


@lru_cache(maxsize=1)
def grammar() -> Grammar:
    """Lexicon and rules, compiled once per process."""
    lexicon, rules_doc = _load_yaml("lexicon.yaml"), _load_yaml("rules.yaml")
    classes = {name: _word_class(spec) for name, spec in lexicon["classes"].items()}
    macros: dict[str, str] = rules_doc["macros"]
    rules = []
    for spec in rules_doc["rules"]:
        groups: dict[str, str] = {}
        body = _expand(spec["pattern"], classes, macros, groups)
        regex = re.compile(f"{_BEFORE}(?:{body}){_AFTER}", re.IGNORECASE)
        rules.append(Rule(spec["name"], regex, spec["norm"], int(spec.get("priority", 0)),
                          spec.get("check"), spec.get("refer"), groups))
    tense, filters = lexicon["tense"], lexicon["year_filters"]
    norms = normalisers(classes["NUMWORD"].words, classes["WEEKDAY"].words)
    missing = {r.norm for r in rules} - set(norms)
    if missing:
        raise ValueError(f"timex rules name unknown normalisers: {sorted(missing)}")
    return Grammar(
        classes=classes, rules=tuple(rules), norms=norms,
        future_aux=frozenset(tense["future_aux"]),
        future_governors=frozenset(tense["future_governors"]),
        future_verbs=frozenset(tense["future_verbs"]),
        commitment_verbs=frozenset(tense["commitment_verbs"]),
        foretelling_verbs=frozenset(tense["foretelling_verbs"]),
        count_followers=frozenset(str(w).lower() for w in filters["count_followers"]),
        count_before=frozenset(str(w).lower() for w in filters["currency_before"]),
        cues={str(k).lower(): int(v) for k, v in lexicon["direction_cues"].items()},
        trigger_words=_trigger_words(lexicon),
        trigger_pattern=re.compile(lexicon["triggers"]["pattern"], re.IGNORECASE),
    )


def _trigger_words(lexicon: dict[str, Any]) -> frozenset[str]:
    words = {str(w).lower() for w in lexicon["triggers"]["words"]}
    for spec in lexicon["classes"].values():
        if spec.get("trigger"):
            for key in [*spec.get("map", {}), *spec.get("abbrev", {})]:
                words.add(re.split(r"[\s-]+", str(key).lower().replace(".", ""))[-1])
    return frozenset(words)


class _Parts:
    """A match seen through the lexicon: raw text and mapped value per group."""

    def __init__(self, match: re.Match[str], rule: Rule, gram: Grammar) -> None:
        self._match, self._rule, self._gram = match, rule, gram

    def has(self, name: str) -> bool:
        return name == "all" or self._match.groupdict().get(name) is not None

    def text(self, name: str) -> str:
        if name == "all":
            return self._match.group(0)
        return self._match.groupdict().get(name) or ""

    def value(self, name: str) -> str | None:
        raw = self._match.groupdict().get(name)
        cls = self._gram.classes.get(self._rule.groups.get(name, ""))
        if raw is None or cls is None:
            return None
        return cls.words.get(_key(raw))


# --- which way the sentence points -----------------------------------------

def _governing_verb(token: Token) -> Token | None:
    """The verb whose tense dates the expression.  A date used as a noun's
    premodifier ("under a May accord") is not dated by the clause."""
    for _ in range(6):
        if token.pos_ in ("VERB", "AUX") or token.tag_ == "MD":
            return token
        if token.head.i == token.i or token.dep_ in _PREMODIFIER:
            return None
        token = token.head
    return None


def _tense(verb: Token, gram: Grammar) -> int:
    """-1 past, +1 future, 0 present or unknown, from the auxiliaries, the
    verb's tag and, for an infinitive, the word that governs it ("is expected
    to visit", "plans to meet")."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxes}
    present = any(a.tag_ in ("VBZ", "VBP") for a in auxes) or verb.tag_ in ("VBZ", "VBP")
    lemma = verb.lemma_.lower()
    if lemma in gram.future_verbs:  # "is scheduled for", but "was planned for" is open
        return 1 if present else 0
    if any(a.lemma_ == "have" for a in auxes):
        return -1
    if words & gram.future_aux or "going" in words:
        return 1
    if "to" in words and verb.head.i != verb.i:
        # An infinitive happens after its governor: future under "expect",
        # "plan" and the like, otherwise of unknown direction.
        head = verb.head
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ == "had"
               for h in (head, head.head) for c in h.children):
            return -1  # "the permit had been due to lapse on Friday": a plan already past
        return int(head.lemma_.lower() in gram.future_governors
                   or head.lower_ in gram.future_governors
                   or (head.lemma_ == "be" and head.tag_ in ("VBZ", "VBP")))  # "is to meet"
    if lemma in gram.future_governors and present and any(
            c.dep_ == "xcomp" for c in verb.children):
        return 1
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
        return -1
    if verb.tag_ == "VBN" and not auxes:
        return -1  # "the period ended June 30"
    if verb.tag_ == "VBG" and any(a.lemma_ == "be" for a in auxes):
        return 1
    return 0


def _cue(text: str, start: int, gram: Grammar) -> int | None:
    """Direction from the words just before the expression, if they say."""
    before = text[max(0, start - 24):start].lower().split()
    for size in (3, 2, 1):
        if len(before) >= size and " ".join(before[-size:]) in gram.cues:
            return gram.cues[" ".join(before[-size:])]
    return None


def _direction(analysis: Analysis, text: str, start: int, end: int, gram: Grammar) -> int:
    cue = _cue(text, start, gram)
    if cue is not None:
        return cue
    span = analysis.span(start, end)
    if span is None or not len(span):
        return 0
    verb = _governing_verb(span.root)
    if verb is None:
        return 0
    adjunct = _in_adjunct(span.root, verb)
    lemma = verb.lemma_.lower()
    has_object = any(c.dep_ == "dobj" and c.i < span.root.i for c in verb.children)
    if adjunct and has_object and lemma in gram.commitment_verbs and not any(
            c.dep_ in ("xcomp", "ccomp") for c in verb.children):
        return 1  # "promised elections in February": the date of what was promised
    tense = _tense(verb, gram)
    if tense < 0 and adjunct and verb.tag_ == "VBD" and lemma not in gram.foretelling_verbs \
            and lemma not in gram.future_governors:
        return FIRMLY_PAST  # "sent a note in December": a deed already done
    return tense


def _in_adjunct(root: Token, verb: Token) -> bool:
    """Whether the expression is the object of an "in" phrase hanging on the verb."""
    prep = root.head
    return root.dep_ == "pobj" and prep.lower_ == "in" and prep.head.i == verb.i


# --- years that are really counts ------------------------------------------

_COUNT_DETERMINERS = frozenset({"a", "an", "another", "no", "some", "any", "every", "each",
                                "all", "both", "these", "those"})


def _is_year(analysis: Analysis, start: int, end: int, gram: Grammar) -> bool:
    """A bare four-digit number next to a unit, currency or count word, or
    counting a plural noun ("2000 troops"), is not a year."""
    span = analysis.span(start, end)
    if span is None or not len(span):
        return True
    tok, doc = span[-1], span.doc
    if tok.ent_type_ in ("MONEY", "PERCENT", "QUANTITY"):
        return False
    after = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    before = doc[span[0].i - 1] if span[0].i > 0 else None
    if after is not None and after.lower_ in gram.count_followers:
        return False
    if before is not None and before.lower_ in gram.count_before:
        return False
    counted_noun = tok.head.tag_ == "NNS" and tok.head.i > tok.i
    # "the 1992 protests", "the company's 1989 results": a determiner marks
    # a year, where a count would stand alone ("1500 protesters").
    determined = before is not None and before.tag_ in ("DT", "PRP$", "POS") and (
        before.lower_ not in _COUNT_DETERMINERS)
    return determined or not (tok.dep_ == "nummod" and counted_noun)


def _not_a_verb(analysis: Analysis, start: int, end: int, gram: Grammar) -> bool:
    """"May" and "March" as the modal and the verb ("May God bless ...")."""
    span = analysis.span(start, end)
    return span is None or not any(t.tag_ == "MD" or t.pos_ == "VERB" for t in span)


def _not_a_rate(analysis: Analysis, start: int, end: int, gram: Grammar) -> bool:
    """"$3 a month", "six flights a day": a rate, not a stretch of time."""
    span = analysis.span(start, end)
    if span is None or span[0].lower_ not in ("a", "an", "one"):
        return True
    before = span.doc[span.start - 1] if span.start > 0 else None
    if before is not None and (before.like_num or before.tag_ in ("CD", "$")):
        return False
    unit = span[-4] if len(span) > 4 and span.text.lower().endswith("and a half") else span[-1]
    return unit.dep_ != "npadvmod" or unit.head.pos_ in ("VERB", "AUX", "ADP")


def _not_an_amount_rate(analysis: Analysis, start: int, end: int, gram: Grammar) -> bool:
    """"$2 million annually", "grow 8% annually", "10,000 units annually": a
    frequency adverb right after an amount says how much per period, a rate
    like "$3 a month", not a recurring time ("the fair is held annually")."""
    span = analysis.span(start, end)
    if span is None or len(span) != 1 or span[0].pos_ != "ADV":
        return True  # "every quarter", "its daily output"
    doc = span.doc
    # Back through the amount's noun phrase ("8,000 tonnes of paper"), not
    # past a verb or a clause boundary.
    for tok in reversed(doc[max(0, span.start - 6):span.start]):
        if tok.like_num or tok.tag_ in ("CD", "$") or tok.text == "%":
            return False
        if tok.pos_ in ("VERB", "AUX") or (tok.is_punct and tok.text not in "%$"):
            return True
    return True


def _not_a_title(analysis: Analysis, start: int, end: int, gram: Grammar) -> bool:
    """"This Week" in mid-sentence is a programme or a headline, not a date."""
    words = analysis.text[start:end].split()
    span = analysis.span(start, end)
    initial = span is None or span[0].is_sent_start
    return initial or len(words) < 2 or not all(w[:1].isupper() for w in words)


def _not_a_name(analysis: Analysis, start: int, end: int, gram: Grammar) -> bool:
    """"VOA Today", "Good Morning America Tonight": a day word capitalised in
    mid-sentence right after a proper noun is part of a programme's name."""
    span = analysis.span(start, end)
    if span is None or not len(span) or not span[0].text[:1].isupper() or span[0].is_sent_start:
        return True
    return span.start == 0 or span.doc[span.start - 1].pos_ != "PROPN"


_NOT_INDEFINITE_AFTER = frozenset({"later", "after", "before", "earlier", "ago", "of", "'s",
                                   "and", "or", "to", "-", "long", "off"})


def _indefinite(analysis: Analysis, start: int, end: int, gram: Grammar) -> bool:
    """"will one day lead", "One day, the door opened": an unspecified time,
    said before the verb it dates (or opening the sentence); "stayed one
    day" and "one day after the vote" are a stretch of a day."""
    span = analysis.span(start, end)
    if span is None or not len(span):
        return False
    doc = span.doc
    if span.end < len(doc) and doc[span.end].lower_ in _NOT_INDEFINITE_AFTER:
        return False
    before = doc[span.start - 1] if span.start > 0 else None
    if before is None or span[0].is_sent_start or (
            before.is_sent_start and before.pos_ in ("CCONJ", "ADV")):
        return True  # "One day, ...", "But one day ..."
    if before.pos_ in ("ADP", "DET", "NUM", "ADJ") or (
            before.pos_ == "VERB" and before.dep_ not in ("aux", "auxpass")):
        return False
    head = span.root.head
    return head.i >= span.end and head.pos_ in ("VERB", "AUX")


_CHECKS = {"bare_number": _is_year, "not_a_verb": _not_a_verb, "not_a_rate": _not_a_rate,
           "not_an_amount_rate": _not_an_amount_rate, "not_a_title": _not_a_title,
           "not_a_name": _not_a_name, "indefinite": _indefinite}


# --- the stage -------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+|\d[\d:]*")
_WINDOW = 45  # characters around a trigger that a rule may span
_WORD_REST = re.compile(r"\S*")


def _windows(text: str, gram: Grammar) -> list[tuple[int, int]]:
    """Stretches of text around trigger words, merged: the only places a rule
    can match, so the rules need not be tried over the whole text."""
    spans: list[tuple[int, int]] = []
    for found in _WORD.finditer(text):
        word = found.group()
        if word.lower() in gram.trigger_words or (
                word[0].isdigit() and gram.trigger_pattern.match(text, found.start())):
            start, end = max(0, found.start() - _WINDOW), found.end() + _WINDOW
            # A window must not end inside a word: the end of the searched
            # range is the end of the string to a pattern's lookahead, so
            # "May" in a cut-off "Mayor" would pass as a month.
            rest = _WORD_REST.match(text, min(end, len(text)))
            end = rest.end() if rest else end
            if spans and start <= spans[-1][1]:
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((start, end))
    return spans


def _candidates(text: str, gram: Grammar) -> list[tuple[int, int, Rule, re.Match[str]]]:
    found = []
    for lo, hi in _windows(text, gram):
        for rule in gram.rules:
            for match in rule.regex.finditer(text, lo, min(hi, len(text))):
                if match.end() > match.start():
                    found.append((match.start(), match.end(), rule, match))
    order = {rule.name: i for i, rule in enumerate(gram.rules)}
    found.sort(key=lambda c: (c[0] - c[1], -c[2].priority, order[c[2].name], c[0]))
    return found


_ABSOLUTE = re.compile(r"\d{4}(-(\d\d(-\d\d)?|Q\d|W\d\d))?")
_REPORTING_SPAN = re.compile(r"P(?:[69]M|1Y)")
_UNIT_OF_GRAIN = {"day": "D", "week": "W", "month": "M", "quarter": "Q", "year": "Y"}
_ENDED = re.compile(r"\s+(?:ended|ending)\s+$", re.IGNORECASE)
_OWN_DATE = re.compile(r"latest|current|recent", re.IGNORECASE)


@dataclass
class _Discourse:
    """What the text has said so far: the dates mentioned, latest last, and
    the quarter being reported on (the first recent quarter named), which
    financial news compares against ("a year earlier", "the latest period")."""

    published: date | None
    dates: list[str]
    report: str | None = None
    # "the first nine months ... a year earlier" compares the longer period,
    # so the year stays a year until a quarter is named again.
    longer_period: bool = False

    def latest(self, unit: str, n: int = 0) -> str | None:
        """The last date named, as a ``unit`` moved ``n`` units; a quarter
        refers back only to a quarter, not to a day that falls in one."""
        for value in reversed(self.dates):
            if unit == "Q" and "Q" not in value:
                continue
            found = from_reference(value, unit, n)
            if found is not None:
                return found
        return None

    def compared_quarter(self) -> str | None:
        """The quarter "a year earlier" looks back from: the last one named
        from the reported quarter up to the last completed one, so that a
        quarter named in passing ("a flat second quarter", "a fourth-quarter
        charge" yet to come) does not become the comparison."""
        if self.report is None or self.published is None:
            return self.latest("Q")
        done = from_reference(self.published.isoformat(), "Q", -1) or ""
        named = [v for v in self.dates if "Q" in v and self.report <= v <= done]
        return named[-1] if named else self.report

    def note(self, value: str, grain: str) -> None:
        self.dates.append(value)
        if grain == "quarter":
            self.longer_period = False
        if grain == "quarter" and self.report is None and self.published is not None:
            now = from_reference(self.published.isoformat(), "Q") or ""
            if (from_reference(now, "Q", -4) or "") <= value <= now:
                self.report = value


def _ended_quarter(hits: list[tuple[TimexHit, Rule]], i: int, text: str) -> str | None:
    """"the three months ended August 31": the calendar quarter that period mostly falls in."""
    hit = hits[i][0]
    if i + 1 >= len(hits) or not _ENDED.fullmatch(text[hit.end:hits[i + 1][0].start]):
        return None
    value = hits[i + 1][0].value or ""
    if not re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        return None
    return quarter_of_period_ending(date.fromisoformat(value))


_JOINED = re.compile(r"\s*(?:[-–—]|to|through|until|till|and)\s*", re.IGNORECASE)
_DAY = re.compile(r"\d{4}-\d\d-\d\d")


def _share_year(hits: list[tuple[TimexHit, Rule]], text: str) -> None:
    """"from Aug. 4 to Sept. 19, 2024": the first date takes the year the
    second one names (the year before if its month comes later)."""
    for (first, _), (second, _) in pairwise(hits):
        value, other = first.value or "", second.value or ""
        if not (_DAY.fullmatch(value) and _DAY.fullmatch(other)) or re.search(
                r"\d{4}", text[first.start:first.end]) or not re.search(
                r"\d{4}", text[second.start:second.end]):
            continue
        if _JOINED.fullmatch(text[first.end:second.start]):
            year = int(other[:4]) - (1 if value[5:] > other[5:] else 0)
            if valid_day(year, int(value[5:7]), int(value[8:10])):
                first.value = f"{year:04d}{value[4:]}"


_NEXT_DAYS = re.compile(r"(?:\s*,\s*|\s+(?:and|or)\s+|\s*,\s*(?:and|or)\s+)"
                        r"((\d{1,2})(?:st|nd|rd|th)?)\b(?![-–/.:,]?\d)", re.IGNORECASE)
_COUNTED = frozenset({"NOUN", "PROPN", "NUM", "ADJ", "SYM"})
_ENDS_IN_DAY = re.compile(r"(?<!\d)\d{1,2}(?:st|nd|rd|th)?$", re.IGNORECASE)


def _counts_something(analysis: Analysis, start: int) -> bool:
    """"March 4 and 25 people": the number goes with the noun after it."""
    tok = analysis.token_at(start)
    if tok is None or tok.i + 1 >= len(tok.doc):
        return False
    after = tok.doc[tok.i + 1]
    return after.pos_ in _COUNTED or after.lower_ in ("%", "percent", "per")


def _coordinated_days(hits: list[tuple[TimexHit, Rule]], analysis: Analysis) -> None:
    """"June 11 and 12", "May 3, 5 and 9": every day of a coordination is
    its own timex (TimeML tags each date); the bare numbers after the first
    date take its month and year.  The list must close with "and" or "or":
    in "on March 3, 12 were killed" the number after the comma is a count."""
    text = analysis.text
    added: list[tuple[TimexHit, Rule]] = []
    for hit, rule in hits:
        value = hit.value or ""
        if not _DAY.fullmatch(value) or not _ENDS_IN_DAY.search(text[hit.start:hit.end]):
            continue
        pos, last, days = hit.end, int(value[8:10]), []
        while (found := _NEXT_DAYS.match(text, pos)) is not None:
            day = int(found.group(2))
            if day <= last or not valid_day(int(value[:4]), int(value[5:7]), day) or (
                    _counts_something(analysis, found.start(1))):
                break
            days.append((found, day, found.group(0).strip(" ,").lower().startswith(("and", "or"))))
            pos, last = found.end(1), day
        while days and not days[-1][2]:
            days.pop()
        added.extend((TimexHit(found.start(1), found.end(1), hit.type, f"{value[:8]}{day:02d}",
                               hit.granularity), rule) for found, day, _ in days)
    taken = [(h.start, h.end) for h, _ in hits]
    hits.extend(h for h in added if not any(s < h[0].end and h[0].start < e for s, e in taken))
    hits.sort(key=lambda h: h[0].start)


def _resolve(hit: TimexHit, rule: Rule, seen: _Discourse, surface: str) -> None:
    """Refine one hit's value from the discourse (see :func:`_refer`)."""
    grain, unit = hit.granularity or "", _UNIT_OF_GRAIN.get(hit.granularity or "", "")
    report = seen.report
    if rule.refer == "same_period":
        if grain == "quarter" and report and _OWN_DATE.search(surface):
            hit.value = report
        elif surface.startswith(("that ", "the same ")) or (
                grain == "quarter" and not _OWN_DATE.search(surface)):
            hit.value = seen.latest(unit) or hit.value
    elif rule.refer == "year_back" and not (seen.longer_period and grain == "year"):
        quarter = seen.compared_quarter()
        back = from_reference(quarter, "Q", -4) if quarter else None
        if back and (grain == "quarter" or hit.value == back[:4]):
            hit.value, hit.granularity = back, "quarter"
    elif rule.refer == "period_year" and report and hit.value:
        hit.value, hit.granularity = f"{hit.value[:4]}{report[4:]}", "quarter"
    elif rule.refer == "same_day" and hit.value and "T" in hit.value:
        day = seen.latest("D")
        if day is not None:
            hit.value = day + hit.value[hit.value.index("T"):]
    elif rule.refer in ("follow", "precede"):
        step = 1 if rule.refer == "follow" else -1
        hit.value = seen.latest(unit, step) or hit.value
    elif rule.refer in ("follow_weekday", "precede_weekday") and hit.value and (
            _ABSOLUTE.fullmatch(hit.value)):
        base = seen.latest("D")
        if base is not None:
            start, weekday = date.fromisoformat(base), date.fromisoformat(hit.value).isoweekday()
            if rule.refer == "follow_weekday":
                days = (weekday - start.isoweekday()) % 7 or 7
            else:
                days = -((start.isoweekday() - weekday) % 7 or 7)
            hit.value = (start + timedelta(days=days)).isoformat()


def _refer(hits: list[tuple[TimexHit, Rule]], text: str, published: date | None) -> None:
    """Discourse step, in text order.  "that year", "the same day" and "the
    quarter" are the period of that kind last talked about; "the following
    year" and "the day before" count from it; "a year earlier" after a
    quarter is that quarter a year back (the comparison financial news
    makes).  Expressions anchored on publication stay as they are when the
    text has named no date to count from."""
    _share_year(hits, text)
    seen = _Discourse(published, [])
    for i, (hit, rule) in enumerate(hits):
        surface = text[hit.start:hit.end].lower()
        if rule.refer == "same_period" and hit.granularity == "quarter" and seen.report is None:
            ended = _ended_quarter(hits, i, text)
            if ended is not None:
                hit.value = ended
                seen.note(ended, "quarter")
                continue
        if rule.refer is not None:
            _resolve(hit, rule, seen, surface)
            value = hit.value or ""
            if rule.refer.startswith(("follow", "precede")) and _ABSOLUTE.fullmatch(value):
                seen.note(value, hit.granularity or "")
        elif _ABSOLUTE.fullmatch(hit.value or ""):
            seen.note(hit.value or "", hit.granularity or "")
        elif _REPORTING_SPAN.fullmatch(hit.value or ""):
            seen.longer_period = True


def tag(analysis: Analysis) -> list[TimexHit]:
    """All timexes of the document, longest match first, no overlaps."""
    gram = grammar()
    taken: list[tuple[int, int]] = []
    hits: list[tuple[TimexHit, Rule]] = []
    text = analysis.text  # built afresh by spaCy on each access
    for start, end, rule, match in _candidates(text, gram):
        if any(s < end and start < e for s, e in taken):
            continue
        if rule.check and not _CHECKS[rule.check](analysis, start, end, gram):
            continue
        anchor = Anchor(analysis.published, partial(_direction, analysis, text, start, end, gram))
        try:
            result = gram.norms[rule.norm](_Parts(match, rule, gram), anchor)
        except (ValueError, OverflowError):  # an impossible date such as 31 June
            result = None
        if result is None:
            continue
        taken.append((start, end))
        kind, value = result
        if kind:  # an empty type marks a blocking rule
            hits.append((TimexHit(start, end, kind, value, granularity(kind, value)), rule))
    hits.sort(key=lambda h: h[0].start)
    _coordinated_days(hits, analysis)
    _refer(hits, text, analysis.published)
    return [hit for hit, _ in hits]


def run(analysis: Analysis) -> None:
    analysis.timexes.extend(tag(analysis))


STAGE = Stage(name="timex", reads=("doc", "published"), writes=("timexes",), run=run)
