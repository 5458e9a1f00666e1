"""Stage: quantities -- money, percentages and counts, with what they measure.

Reads: the spaCy Doc, ``entities`` (for the countries a measure relates) and
``timexes`` (for the period).  Writes: ``quantities``.

Amounts are found by a pattern assembled from the vocabulary in
``data/quantities/lexicon.yaml`` rather than by the NER's MONEY/CARDINAL
labels, because the small models split or miss compact notations ("$1.2bn",
"Rs 500 crore") and we need the parts (currency, scale) to normalise the value
anyway.  The parse is used afterwards: to keep dates and labels ("Flight 447",
"the 787") out, to find the counted noun, the measure and its period.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from spacy.tokens import Span, Token

from .base import Analysis, QuantityHit, Stage, doc_text

_NUM_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"


@dataclass(frozen=True)
class Lexicon:
    """The quantities vocabulary plus the patterns compiled from it."""

    raw: dict[str, Any]
    atom: re.Pattern[str]
    approx: re.Pattern[str]
    joiner: re.Pattern[str]
    number_words: dict[str, float]
    vague: dict[str, float]
    scales: dict[str, float]
    prefix: dict[str, str]
    suffix: dict[str, str]
    units: dict[str, str]
    counted: frozenset[str]
    months: frozenset[str]
    level_verbs: frozenset[str]
    relational: frozenset[str]
    stop: frozenset[str]
    direction: dict[str, frozenset[str]]


def _alt(words: list[str], flags: str = "") -> str:
    """A regex alternation, longest first so "per cent" beats "per", spaces flexible."""
    parts = [r"\s+".join(re.escape(w) for w in word.split()) for word in words]
    body = "|".join(sorted(parts, key=len, reverse=True))
    return f"(?{flags}:{body})" if flags else f"(?:{body})"


def _lower(table: dict[str, Any]) -> dict[str, Any]:
    return {" ".join(str(k).lower().split()): v for k, v in table.items()}


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Load the vocabulary and compile the amount pattern once per process."""
    text = resources.files("tidings").joinpath("data/quantities/lexicon.yaml").read_text("utf-8")
    raw: dict[str, Any] = yaml.safe_load(text)
    words = _lower(raw["number_words"])
    vague = _lower(raw["vague_numbers"])
    scales = {k: float(v) for k, v in _lower(raw["scales"]).items()}
    short = [s for s in scales if len(s) <= 2 and s not in ("bn", "mn", "tn")]
    long_scales = [s for s in scales if s not in short]
    word_num = _alt([*words, *vague], "i") + r"(?:-" + _alt(list(words), "i") + ")?"
    number = rf"(?P<num>{_NUM_DIGITS}|{word_num})"
    scale = (rf"(?:(?P<scale>\s*{_alt(long_scales, 'i')}\b)"
             rf"|(?P<short>{_alt(short, 'i')})(?![\w$]))")
    suffix = _lower(raw["currency_suffix"])
    units = _lower(raw["measure_units"])
    tail = (rf"(?:\s*(?P<pct>{_alt(raw['percent_suffix'], 'i')})(?!\w)"
            rf"|\s*(?P<cur>{_alt(list(suffix), 'i')})\b"
            rf"|\s*-?(?P<unit>{_alt(list(units), 'i')})\b)?")
    prefix = dict(raw["currency_prefix"])
    pre = rf"(?:(?P<pre>{_alt(list(prefix))})\s*)?"
    edge_left = r"(?<![\w.,/:#'’+])(?<![A-Za-z]-)"
    edge_right = r"(?![\w/:]|\.\d|-[A-Za-z])"
    atom = re.compile(rf"{edge_left}{pre}{number}(?:{scale})*{tail}{edge_right}")
    approx = re.compile(rf"(?:{_alt(list(raw['approx_prefix']), 'i')}|(?i:between))\s+$")
    joiner = re.compile(rf"^\s*{_alt(raw['range_joiners'], 'i')}\s*$")
    return Lexicon(
        raw=raw, atom=atom, approx=approx, joiner=joiner, number_words=words, vague=vague,
        scales=scales, prefix=prefix, suffix=suffix, units=units,
        counted=frozenset(w.lower() for w in raw["counted_nouns"]),
        months=frozenset(raw["month_names"]), level_verbs=frozenset(raw["level_verbs"]),
        relational=frozenset(raw["relational_measures"]),
        stop=frozenset(raw["measure_stopwords"]),
        direction={k: frozenset(str(w).lower() for w in v)
                   for k, v in (raw.get("direction") or {}).items()},
    )


@dataclass
class Amount:
    """One number with its notation, before ranges are merged."""

    start: int
    end: int
    value: float
    currency: str | None
    percent: bool
    unit: str | None
    factor: float
    word: bool
    vague: bool


def _number_value(text: str, lex: Lexicon) -> tuple[float, bool, bool]:
    """(value, spelled out, vague) of the number part of a match."""
    key = " ".join(text.lower().split())
    if key in lex.vague:
        return float(lex.vague[key]), True, True
    if key in lex.number_words:
        return float(lex.number_words[key]), True, False
    if "-" in key:
        left, _, right = key.partition("-")
        return float(lex.number_words.get(left, 0) + lex.number_words.get(right, 0)), True, False
    return float(key.replace(",", "")), False, False


def _amount(m: re.Match[str], lex: Lexicon) -> Amount:
    value, word, vague = _number_value(m.group("num"), lex)
    factor = 1.0
    tail_text = m.group(0)[m.end("num") - m.start():]
    for scale in re.findall(r"[a-z]+", tail_text.lower()):
        if scale in lex.scales and (m.group("short") or m.group("scale")):
            factor *= lex.scales[scale]
        else:
            break
    currency = None
    if m.group("pre"):
        currency = lex.prefix[m.group("pre")]
    if m.group("cur"):
        currency = lex.suffix[" ".join(m.group("cur").lower().split())]
    unit = lex.units[m.group("unit").lower()] if m.group("unit") else None
    end = m.end()
    if vague and end == m.end("num") and m.group("num").lower().endswith(" of"):
        end = m.start("num") + len(m.group("num")[:-3].rstrip())
    return Amount(m.start(), end, value * factor, currency, bool(m.group("pct")), unit,
                  factor, word, vague)


def _merge_ranges(text: str, amounts: list[Amount], lex: Lexicon) -> list[tuple[Amount, Amount]]:
    """Pair "2 to 5", "$16 million to $28 million", "between 2 and 5"; singles pair with self."""
    out: list[tuple[Amount, Amount]] = []
    i = 0
    while i < len(amounts):
        first = amounts[i]
        if i + 1 < len(amounts):
            second = amounts[i + 1]
            gap = text[first.end:second.start]
            joined = lex.joiner.match(gap) is not None
            if joined and gap.strip().lower() in ("and", "or"):
                joined = text[:first.start].rstrip().lower().endswith("between")
            if joined and first.word == second.word and _same_kind(first, second):
                out.append((first, second))
                i += 2
                continue
        out.append((first, first))
        i += 1
    return out


def _same_kind(first: Amount, second: Amount) -> bool:
    """Whether two amounts can be the ends of one range: "grew 4% to $36 billion" is a
    change and the level it led to, not a range from 4 to 36 billion."""
    if first.percent != second.percent:
        return False
    if first.currency and second.currency:
        return first.currency == second.currency
    return not first.currency  # "2 to $5 billion", never "$2 billion to 5"


def _approx(text: str, start: int, lex: Lexicon) -> tuple[int, str | None]:
    """Extend the start over a hedge ("more than", "between") and name it."""
    m = lex.approx.search(text, max(0, start - 30), start)
    if m is None or (m.start() > 0 and text[m.start() - 1].isalnum()):
        return start, None
    cue = " ".join(m.group(0).lower().split())
    label = lex.raw["approx_prefix"].get(cue, "range" if cue == "between" else None)
    return m.start(), label


def _is_labelish(span: Span, raw: str, amount: Amount, lex: Lexicon,
                 labels: frozenset[str]) -> bool:
    """Bare numbers that name or date something rather than count it: model and
    version numbers ("Trent 900", "the 787"), years, list labels, anaphoric "the two"."""
    first, last = span[0], span[-1]
    doc = span.doc
    nxt = doc[last.i + 1] if last.i + 1 < len(doc) else None
    prev = doc[first.i - 1] if first.i > 0 else None
    if amount.word:
        if prev is not None and prev.lower_ in ("the", "these", "those", "both"):
            return True
        noun = _counted_noun(span, lex)
        if amount.value == 1 and not amount.vague:
            return noun is None or noun.lower_ not in lex.counted
        # "one of the best" is no count, "six of them" is: a part of a group just counted.
        after_of = doc[nxt.i + 1].lower_ if nxt is not None and nxt.i + 1 < len(doc) else ""
        return nxt is not None and nxt.lower_ == "of" and not amount.vague \
            and amount.value < 20 and noun is None and after_of not in lex.raw["partitive"]
    if raw in labels or first.ent_type_ in _NAME_ENTS:
        return True
    before = doc_text(doc)[max(0, span.start_char - 12):span.start_char]
    if re.search(r"(?i)\b(?:no|nos|number|version|v)\.?\s*$|#\s*$", before):
        return True
    if re.fullmatch(r"\d{4}", raw) and 1500 <= amount.value <= 2100:
        return _counted_noun(span, lex) is None
    if nxt is not None and (nxt.lower_ in lex.months or nxt.lower_ in lex.raw["not_count_after"]):
        return True
    if prev is not None and prev.lower_ in lex.months:
        return True
    if _counted_noun(span, lex) is not None:
        return False
    if nxt is not None and nxt.pos_ == "PROPN" and nxt.text[:1].isupper():
        return True
    ends_phrase = nxt is None or nxt.pos_ not in ("NOUN", "ADJ")
    if prev is not None and prev.pos_ == "NOUN" and ends_phrase:
        return prev.lower_ not in lex.counted and first.dep_ in ("appos", "nummod", "npadvmod")
    return prev is not None and prev.lower_ == "the" and (nxt is None or nxt.pos_ != "NOUN")


_NAME_ENTS = frozenset({"PRODUCT", "WORK_OF_ART", "LAW", "FAC", "EVENT", "ORG"})


def _label_numbers(analysis: Analysis) -> frozenset[str]:
    """Numbers the document uses as names: those written right after a proper noun
    ("Boeing 787", "iPhone 4"), as a plural ("747s"), before a model's name ("787
    Dreamliner"), or as a version after any capitalised word ("Safari 4.0", "USB 1.1"),
    so that bare mentions ("the 787") are skipped too."""
    # A three-digit number written as a plural noun ("two 747s") is a model name.
    found = set(re.findall(r"(?<![\w.,])(\d{3})s\b", analysis.text))
    doc = analysis.doc
    for tok in doc:
        if re.fullmatch(r"\d+(?:\.\d+)?", tok.text) and tok.i >= 2 and _names_a_model(tok):
            found.add(tok.text)
    return frozenset(found)


def _names_a_model(tok: Token) -> bool:
    doc = tok.doc
    prev = doc[tok.i - 1]
    if prev.tag_ == "POS":
        prev = doc[tok.i - 2]
    after = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    # "787 Dreamliner", but not "500 Apple engineers": a company's name before a
    # plural noun is what the number counts.
    after_proper = after is not None and after.tag_ in ("NN", "NNP") and after.is_alpha \
        and after.text[:1].isupper() \
        and (after.ent_type_ in ("", "PRODUCT") or after.ent_iob_ == "I") \
        and not (after.i + 1 < len(doc) and doc[after.i + 1].tag_ == "NNS")
    return (prev.pos_ == "PROPN" and prev.ent_type_ not in ("GPE", "PERSON", "NORP")
            and prev.text[:1].isalpha()) \
        or ("." in tok.text and prev.text[:1].isupper() and prev.is_alpha) \
        or (re.fullmatch(r"\d{3,4}", tok.text) is not None and after_proper)


def _counted_noun(span: Span, lex: Lexicon) -> Token | None:
    """The noun a count quantifies ("three soldiers", "dozens of protesters")."""
    last = span[-1]
    doc = span.doc
    for tok in (last, span.root):
        if tok.dep_ in ("nummod", "quantmod", "amod", "compound") and tok.head.pos_ == "NOUN" \
                and tok.head.i > last.i:
            return tok.head
    j = last.i + 1
    if j < len(doc) and doc[j].lower_ == "of":
        j += 1
    while j < len(doc) and doc[j].pos_ in ("ADJ", "ADV") and j < last.i + 4:
        j += 1
    if j < len(doc) and doc[j].pos_ == "NOUN" and doc[j].lower_ in lex.counted:
        return doc[j]
    return None


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def _blocked_spans(analysis: Analysis) -> list[tuple[int, int]]:
    """Dates and times, from the timex stage and the NER, are never quantities."""
    spans = [(t.start, t.end) for t in analysis.timexes]
    spans += [(e.start_char, e.end_char) for e in analysis.doc.ents
              if e.label_ in ("DATE", "TIME", "ORDINAL")
              and not re.search(r"[$€£¥₹%]", e.text)]
    return spans


def _clause_head(tok: Token) -> Token:
    """Climb from an amount to the verb or noun it belongs to."""
    cur = tok
    for _ in range(6):
        if cur.dep_ in ("ROOT",) or cur.head is cur:
            return cur
        head = cur.head
        if head.pos_ in ("VERB", "AUX"):
            return head
        if cur.dep_ in ("pobj", "prep", "acomp", "attr", "dobj", "npadvmod", "conj", "appos") \
                or head.pos_ in ("ADP", "ADJ", "NUM", "SYM"):
            cur = head
            continue
        return head
    return cur


def _noun_phrase(noun: Token, analysis: Analysis, lex: Lexicon) -> str:
    """Short lower-case name of a measure: the noun with its compounds and adjectives,
    minus nationality words, which belong in ``between``."""
    words = []
    for left in noun.lefts:
        if left.dep_ in ("compound", "amod") and left.ent_type_ not in ("NORP", "GPE") \
                and left.lower_ not in lex.stop and left.is_alpha:
            words.append(left.lower_)
    words.append(noun.lower_)
    return " ".join(words)


def _measure_noun(span: Span, lex: Lexicon) -> Token | None:
    """The noun naming what the amount measures, if the parse says so."""
    root = span.root
    if root.dep_ in ("nummod", "compound", "amod", "quantmod") and root.head.pos_ == "NOUN" \
            and root.head.i >= span.end:
        return root.head
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.pos_ == "NOUN":
        return root.head.head
    head = _clause_head(root)
    if head.pos_ == "NOUN" and head.lower_ in lex.direction["record"] and head.i < span.start:
        head = _clause_head(head)  # "rose to a record $100 billion": the record is a level
    if head.pos_ in ("VERB", "AUX") and head.lemma_.lower() in lex.level_verbs:
        for child in head.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.pos_ in ("NOUN", "PROPN"):
                return child
    if head.pos_ == "NOUN" and head.lower_ not in lex.units and not span.start <= head.i < span.end:
        return head
    return None


def _countries(tokens: list[Token], analysis: Analysis) -> set[str]:
    """Countries of the entities mentioned by these tokens."""
    found: set[str] = set()
    for tok in tokens:
        ent = analysis.entity_at(tok.idx, tok.idx + len(tok.text))
        # A group ("the two countries", "India and the UAE") stands for its members.
        for one in (ent.members or [ent]) if ent is not None else []:
            if one.actor is not None and one.actor.country:
                found.add(one.actor.country[:3])
    return found


def _between(measure: Token | None, span: Span, analysis: Analysis, lex: Lexicon) -> list[str]:
    """Parties of the measure: countries inside its phrase; for trade-like measures
    that name none, the countries of the whole sentence."""
    if measure is None:
        return []
    found = _countries(list(measure.subtree), analysis)
    if not found and measure.lower_ in lex.relational:
        found = _countries(list(span.sent), analysis)
    pair = frozenset(str(w) for w in lex.raw.get("two_party_modifiers") or ())
    if len(found) < 2 and any(c.lower_ in pair for c in measure.children):
        found |= _countries(_previous_sentence(span), analysis)
    return sorted(found)


def _previous_sentence(span: Span) -> list[Token]:
    """The sentence before the span's: a "bilateral" figure's parties are often
    named just before it ("X is Y's largest partner. Bilateral trade reached ...")."""
    start = span.sent.start
    return list(span.doc[start - 1].sent) if start > 0 else []


def _period(span: Span, analysis: Analysis) -> str | None:
    """The value of the timex that dates the amount's clause."""
    head = _clause_head(span.root)
    scope = {t.i for t in head.subtree}
    best: tuple[int, str] | None = None
    for timex in analysis.timexes:
        if timex.value is None:
            continue
        tok = analysis.token_at(timex.start)
        if tok is None or tok.i not in scope or tok.sent.start != span.sent.start:
            continue
        dist = abs(tok.i - span.root.i)
        if best is None or dist < best[0]:
            best = (dist, timex.value)
    return best[1] if best else None


def _hit(analysis: Analysis, start: int, end: int, pair: tuple[Amount, Amount],
         approx: str | None, labels: frozenset[str]) -> QuantityHit | None:
    lex = lexicon()
    first, second = pair
    span = analysis.span(start, end)
    if span is None or not len(span):
        return None
    currency = first.currency or second.currency
    percent = first.percent or second.percent
    value = first.value
    if second is not first and first.factor == 1.0:
        value *= second.factor
    kind = "money" if currency else "percent" if percent else "count"
    unit: str | None = currency
    if kind == "count":
        text = analysis.text
        age = _is_age(analysis, first, lex)
        if not (first.unit or second.unit) and not age and (
                _is_labelish(span, text[first.start:first.end], first, lex, labels)
                or _glued_to_word(text, first)):
            return None
        noun = _counted_noun(span, lex)
        unit = first.unit or second.unit or (noun.lower_ if noun is not None else None) \
            or ("years" if age else None)
    elif kind == "percent":
        unit = None
    if approx is None and second is not first:
        approx = "range"
    if approx is None and first.vague:
        approx = "about"
    measure = _measure_noun(span, lex)
    return QuantityHit(
        start=start, end=end, kind=kind, value=value, unit=unit,
        measure=_noun_phrase(measure, analysis, lex) if measure is not None else None,
        between=_between(measure, span, analysis, lex), period=_period(span, analysis),
        approx=approx, direction=_direction(span, lex),
    )


def _direction(span: Span, lex: Lexicon) -> str | None:
    """Whether the amount is a change ("rose 3%": up, "fell by $4bn": down) or a record
    level ("a record $120"), from the verb it hangs on and the words just before it."""
    doc = span.doc
    before = {t.lower_ for t in doc[max(0, span.start - 3):span.start]}
    if before & lex.direction["record"]:
        return "record"
    head = _clause_head(span.root)
    lemma = head.lemma_.lower()
    for way in ("up", "down"):
        if lemma in lex.direction[way] or head.lower_ in lex.direction[way]:
            return way
    return None


def _is_age(analysis: Analysis, amount: Amount, lex: Lexicon) -> bool:
    """A person's age: after an age cue ("aged 61") or set off by commas right after
    a person's name ("Ann Lee, 61, said")."""
    if amount.currency or amount.percent or amount.unit or amount.word:
        return False
    text = analysis.text
    before = text[max(0, amount.start - 12):amount.start].lower()
    cues = lex.raw.get("age_cues") or []
    if any(re.search(rf"\b{re.escape(c)}\s*$", before) for c in cues):
        return True
    if not re.fullmatch(r"\d{1,3}", text[amount.start:amount.end]) \
            or not re.match(r"\s*,", text[amount.end:]):
        return False
    span = analysis.span(amount.start, amount.end)
    doc = analysis.doc
    if span is None or span.start < 2 or doc[span.start - 1].text != ",":
        return False
    return doc[span.start - 2].ent_type_ == "PERSON"


def _glued_to_word(text: str, amount: Amount) -> bool:
    """A bare number inside a word-like chunk ("A330-200", "G-7") is part of a name."""
    left = amount.start
    while left > 0 and not text[left - 1].isspace():
        left -= 1
    right = amount.end
    while right < len(text) and not text[right].isspace():
        right += 1
    chunk = text[left:amount.start] + text[amount.end:right]
    return any(ch.isalpha() for ch in chunk)


def run(analysis: Analysis) -> None:
    lex = lexicon()
    labels = _label_numbers(analysis)
    text = analysis.text
    blocked = _blocked_spans(analysis)
    amounts = [_amount(m, lex) for m in lex.atom.finditer(text)]
    ages = [a for a in amounts if _is_age(analysis, a, lex)]
    amounts = [a for a in amounts if not (
        a.currency is None and not a.percent and _overlaps(a.start, a.end, blocked))]
    for age in ages:
        if age not in amounts:
            analysis.quantities.append(QuantityHit(start=age.start, end=age.end, kind="count",
                                                   value=age.value, unit="years"))
    for pair in _merge_ranges(text, amounts, lex):
        start, approx = _approx(text, pair[0].start, lex)
        hit = _hit(analysis, start, pair[1].end, pair, approx, labels)
        if hit is not None:
            analysis.quantities.append(hit)


STAGE = Stage(name="quantities", reads=("doc", "entities", "timexes"), writes=("quantities",),
              run=run)
