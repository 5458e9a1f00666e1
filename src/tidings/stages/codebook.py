"""The event codebook: CAMEO codes, the predicate lexicon and its cue lists.

Everything the events stage knows about words lives in YAML/TSV files under
``tidings/data/events`` so that analysts can extend the coding without
touching Python.  Extra YAML files named in ``TIDINGS_EVENTS_LEXICON``
(separated by the OS path separator) are merged on top of the packaged ones;
loading is cached per set of paths, so files are read once per process.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

ENV_EXTRA = "TIDINGS_EVENTS_LEXICON"
PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip


class LexiconError(ValueError):
    """A lexicon file is malformed; the message names the file and entry."""


@dataclass(frozen=True)
class CameoCode:
    code: str
    name: str
    goldstein: float | None
    quad_class: int | None
    plover_type: str | None
    plover_mode: str | None
    contexts: tuple[str, ...]


@dataclass(frozen=True)
class TypeInfo:
    name: str
    cameo: str | None = None
    contexts: tuple[str, ...] = ()
    recipient_preps: tuple[str, ...] = ()
    reciprocal: bool = False
    content: bool = False
    future_as: str | None = None
    needs_recipient: bool = False
    negated_as: str | None = None
    purpose: bool = False
    target_nouns: frozenset[str] = frozenset()
    context_recipient: bool = False
    place_recipient: bool = False
    counterpart: str | None = None
    crowd_recipient: bool = False
    conditional_as: str | None = None
    clausal_content: bool = False


@dataclass(frozen=True)
class Predicate:
    """One lexicon entry: a lemma, the conditions under which it is an event
    trigger, and the coding it then gets."""

    lemma: str
    type: str
    pos: frozenset[str] = frozenset({"VERB"})
    mode: str | None = None
    cameo: str | None = None
    contexts: tuple[str, ...] = ()
    recipient_preps: tuple[str, ...] | None = None
    forms: frozenset[str] = frozenset()
    particle: frozenset[str] = frozenset()
    object: frozenset[str] = frozenset()
    modifier: frozenset[str] = frozenset()
    not_object: frozenset[str] = frozenset()
    not_modifier: frozenset[str] = frozenset()
    not_pobj: frozenset[str] = frozenset()
    pobj: frozenset[str] = frozenset()
    governor: frozenset[str] = frozenset()
    object_ents: frozenset[str] = frozenset()
    of_role: str | None = None
    agentive: bool = False
    complement: bool = False
    reciprocal: bool | None = None
    swap_roles: bool = False
    location_preps: frozenset[str] = frozenset()

    @property
    def specificity(self) -> int:
        """Entries with more positive conditions are preferred when several match."""
        conditions = (self.forms, self.particle, self.object, self.modifier, self.pobj,
                      self.governor, self.object_ents)
        return sum(bool(c) for c in conditions)


@dataclass(frozen=True)
class Blocker:
    name: str
    cues: frozenset[str] = frozenset()
    phrases: tuple[str, ...] = ()
    deps: frozenset[str] | None = None
    types: frozenset[str] | None = None  # None: every type


@dataclass
class Lexicon:
    types: dict[str, TypeInfo] = field(default_factory=dict)
    predicates: dict[str, list[Predicate]] = field(default_factory=dict)
    content_map: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    context_cues: dict[str, frozenset[str]] = field(default_factory=dict)
    blockers: list[Blocker] = field(default_factory=list)
    sectors: dict[str, str] = field(default_factory=dict)
    # noun -> kinds of actor a definite "the <noun>" can take up (sectors, or BODY),
    # most likely first
    anaphors: dict[str, tuple[str, ...]] = field(default_factory=dict)
    support_verbs: frozenset[str] = frozenset()
    shell_nouns: frozenset[str] = frozenset()
    aspect_nouns: frozenset[str] = frozenset()
    speech_verbs: frozenset[str] = frozenset()
    measure_nouns: frozenset[str] = frozenset()
    intent_nouns: frozenset[str] = frozenset()
    allegation_nouns: frozenset[str] = frozenset()
    goods: dict[str, str] = field(default_factory=dict)  # noun -> class of goods
    count_roles: dict[str, tuple[str, str]] = field(default_factory=dict)  # word -> (role, type)
    cameo: dict[str, CameoCode] = field(default_factory=dict)

    def type_info(self, name: str) -> TypeInfo:
        return self.types.get(name) or TypeInfo(name=name)

    def code(self, cameo: str | None) -> CameoCode | None:
        return self.cameo.get(cameo) if cameo else None


def _word(value: Any) -> str:
    """YAML 1.1 reads unquoted on/off/yes/no as booleans; in a word list they
    are the particles "on" and "off" ("sanctions on", "call off")."""
    if isinstance(value, bool):
        return "on" if value else "off"
    return str(value)


def _words(value: Any) -> frozenset[str]:
    return frozenset(w.lower() for w in _strs(value))


def _strs(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, (str, bool)):
        return (_word(value),)
    return tuple(_word(v) for v in value)


def _cameo_str(value: Any) -> str | None:
    """CAMEO codes keep their leading zeros; YAML readers of unquoted 042 would not."""
    if value is None:
        return None
    text = str(value)
    if not text.isdigit() or not 2 <= len(text) <= 4:
        raise LexiconError(f"bad CAMEO code {value!r}")
    return text


def _predicate(raw: dict[str, Any], where: str, types: dict[str, TypeInfo]) -> Predicate:
    if "lemma" not in raw or "type" not in raw:
        raise LexiconError(f"{where}: a predicate needs 'lemma' and 'type': {raw}")
    if raw["type"] not in types:
        raise LexiconError(f"{where}: unknown event type {raw['type']!r} (add it under 'types')")
    preps = raw.get("recipient_preps")
    return Predicate(
        lemma=str(raw["lemma"]).lower(),
        type=str(raw["type"]),
        pos=frozenset(_strs(raw.get("pos", ["VERB"]))),
        mode=raw.get("mode"),
        cameo=_cameo_str(raw.get("cameo")),
        contexts=_strs(raw.get("contexts")),
        recipient_preps=None if preps is None else _strs(preps),
        forms=_words(raw.get("forms")),
        particle=_words(raw.get("particle")),
        object=_words(raw.get("object")),
        modifier=_words(raw.get("modifier")),
        not_object=_words(raw.get("not_object")),
        not_modifier=_words(raw.get("not_modifier")),
        not_pobj=_words(raw.get("not_pobj")),
        pobj=_words(raw.get("pobj")),
        governor=_words(raw.get("governor")),
        object_ents=frozenset(_strs(raw.get("object_ents"))),
        of_role=raw.get("of_role"),
        agentive=bool(raw.get("agentive", False)),
        complement=bool(raw.get("complement", False)),
        reciprocal=raw.get("reciprocal"),
        swap_roles=bool(raw.get("swap_roles", False)),
        location_preps=_words(raw.get("location_preps")),
    )


def _type_info(name: str, raw: dict[str, Any]) -> TypeInfo:
    return TypeInfo(
        name=name,
        cameo=_cameo_str(raw.get("cameo")),
        contexts=_strs(raw.get("contexts")),
        recipient_preps=_strs(raw.get("recipient_preps")),
        reciprocal=bool(raw.get("reciprocal", False)),
        content=bool(raw.get("content", False)),
        future_as=raw.get("future_as"),
        needs_recipient=bool(raw.get("needs_recipient", False)),
        negated_as=raw.get("negated_as"),
        purpose=bool(raw.get("purpose", False)),
        target_nouns=_words(raw.get("target_nouns")),
        context_recipient=bool(raw.get("context_recipient", False)),
        place_recipient=bool(raw.get("place_recipient", False)),
        counterpart=raw.get("counterpart"),
        crowd_recipient=bool(raw.get("crowd_recipient", False)),
        conditional_as=raw.get("conditional_as"),
        clausal_content=bool(raw.get("clausal_content", False)),
    )


def _blocker(raw: dict[str, Any]) -> Blocker:
    types = raw.get("types", "all")
    deps = raw.get("deps")
    return Blocker(
        name=str(raw.get("name", "blocker")),
        cues=_words(raw.get("cues")),
        phrases=tuple(p.lower() for p in _strs(raw.get("phrases"))),
        deps=None if deps is None else frozenset(_strs(deps)),
        types=None if types == "all" else frozenset(_strs(types)),
    )


def merge(lexicon: Lexicon, data: dict[str, Any], where: str) -> None:
    """Add one YAML document's entries to ``lexicon`` (later files extend earlier ones)."""
    for name, raw in (data.get("types") or {}).items():
        lexicon.types[str(name)] = _type_info(str(name), raw or {})
    for holder, mapping in (data.get("content_map") or {}).items():
        slot = lexicon.content_map.setdefault(str(holder), {})
        for inner, coding in (mapping or {}).items():
            slot[str(inner)] = {k: str(v) for k, v in (coding or {}).items()}
    for i, raw in enumerate(data.get("predicates") or []):
        pred = _predicate(raw, f"{where} predicate {i + 1}", lexicon.types)
        lexicon.predicates.setdefault(pred.lemma, []).append(pred)
    for context, cues in (data.get("context_cues") or {}).items():
        lexicon.context_cues[str(context)] = lexicon.context_cues.get(str(context), frozenset()) | (
            _words(cues)
        )
    lexicon.blockers.extend(_blocker(raw) for raw in data.get("blockers") or [])
    lexicon.support_verbs |= _words(data.get("support_verbs"))
    lexicon.shell_nouns |= _words(data.get("shell_nouns"))
    lexicon.aspect_nouns |= _words(data.get("aspect_nouns"))
    lexicon.speech_verbs |= _words(data.get("speech_verbs"))
    lexicon.measure_nouns |= _words(data.get("measure_nouns"))
    lexicon.intent_nouns |= _words(data.get("intent_nouns"))
    lexicon.allegation_nouns |= _words(data.get("allegation_nouns"))
    for sector, nouns in (data.get("sectors") or {}).items():
        for noun in _words(nouns):
            lexicon.sectors[noun] = str(sector)
    for noun, kinds in (data.get("anaphors") or {}).items():
        lexicon.anaphors[str(noun).lower()] = tuple(k.lower() for k in _strs(kinds))
    for kind, nouns in (data.get("goods") or {}).items():
        for noun in _words(nouns):
            lexicon.goods[noun] = str(kind)
    for role, raw in (data.get("counts") or {}).items():
        if not isinstance(raw, dict) or raw.get("type") not in lexicon.types:
            raise LexiconError(f"{where}: counts {role!r} needs a known 'type' and 'words'")
        for word in _words(raw.get("words")):
            lexicon.count_roles[word] = (str(role), str(raw["type"]))


def _read_cameo(text: str) -> dict[str, CameoCode]:
    codes: dict[str, CameoCode] = {}
    rows = [line for line in text.splitlines() if line and not line.startswith("#")]
    for line in rows[1:]:
        code, name, goldstein, quad, ptype, pmode, contexts = (line.split("\t") + [""] * 7)[:7]
        codes[code] = CameoCode(
            code=code,
            name=name,
            goldstein=float(goldstein) if goldstein else None,
            quad_class=int(quad) if quad else None,
            plover_type=ptype or None,
            plover_mode=pmode or None,
            contexts=tuple(c for c in contexts.split(",") if c),
        )
    return codes


def _load_yaml(text: str, where: str) -> dict[str, Any]:
    data = yaml.safe_load(text) or {}
    if not isinstance(data, dict):
        raise LexiconError(f"{where}: expected a mapping at the top level")
    return data


def extra_paths_from_env() -> tuple[str, ...]:
    value = os.environ.get(ENV_EXTRA, "")
    return tuple(p for p in value.split(os.pathsep) if p)


@lru_cache(maxsize=8)
def load_lexicon(extra: tuple[str, ...] = ()) -> Lexicon:
    """The packaged lexicon plus the user's files in ``extra`` (read once per set)."""
    pkg = resources.files("tidings") / "data" / "events"
    lexicon = Lexicon(cameo=_read_cameo((pkg / "cameo.tsv").read_text(encoding="utf-8")))
    for name in ("lexicon.yaml", "cues.yaml"):
        merge(lexicon, _load_yaml((pkg / name).read_text(encoding="utf-8"), name), name)
    for path in extra:
        text = Path(path).read_text(encoding="utf-8")
        merge(lexicon, _load_yaml(text, path), path)
    for info in lexicon.types.values():
        for target in (info.future_as, info.negated_as, info.counterpart, info.conditional_as):
            if target and target not in lexicon.types:
                raise LexiconError(f"type {info.name}: {target!r} is not a type")
    return lexicon
