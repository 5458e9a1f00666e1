"""Attribution: who vouches for a claim, and what kind of source that is.

News text rarely asserts on its own authority: it reports what someone said,
what "sources familiar with the matter" indicate, or what the media report.
The source of a claim is found, in order, from the reporting verb that
governs it (its subject), from an "according to" phrase in the sentence, or
from a hedge such as "reportedly".  Claims with none of these speak in the
article's own voice (kind ``author``, empty span).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from ..document import Attribution
from .base import doc_text
from .factuality import cues

PERSONAL_PRONOUNS = frozenset({"he", "she", "i", "we", "they", "you"})
# Third-person pronouns, which stand for a source named earlier.
SINGULAR_PRONOUNS = frozenset({"he", "she"})
PLURAL_PRONOUNS = frozenset({"they"})
ANTECEDENT_SENTENCES = 3  # how far back a pronoun's antecedent is looked for
# Sources that, inside a quotation, stand for the person quoted.
SPEAKER_PRONOUNS = frozenset({"i", "we", "you", "me", "us"})
DASHES = frozenset({"\u2015", "\u2014", "--", "\u2013", "-"})
NAMED_ENTITY_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC"})
# Children that extend a noun phrase past what names the source.
TRIM_DEPS = frozenset({"relcl", "appos", "acl", "punct", "cc", "conj", "advcl"})


def author() -> Attribution:
    return Attribution(text="", start=0, end=0, kind="author")


def _np_tokens(head: Token) -> list[Token]:
    """The source noun phrase: the head's subtree minus clauses and appositions."""
    dropped: set[int] = set()
    for child in head.children:
        if child.dep_ in TRIM_DEPS and child.i > head.i:
            dropped.update(t.i for t in child.subtree)
    kept = [t for t in head.subtree if t.i not in dropped]
    # keep one contiguous run around the head
    lo = hi = head.i
    idx = {t.i for t in kept}
    while lo - 1 in idx:
        lo -= 1
    while hi + 1 in idx:
        hi += 1
    return [t for t in kept if lo <= t.i <= hi]


def source_kind(tokens: list[Token], head: Token) -> str:
    """Kind of source named by a noun phrase (see ``source_heads`` in the cues)."""
    lex = cues()
    words = {t.lower_ for t in tokens}
    lemma = head.lemma_.lower()
    heads: dict[str, list[str]] = lex["source_heads"]
    if head.lower_ in PERSONAL_PRONOUNS:
        return "named"
    if words & set(lex["anonymity_markers"]) and lemma not in heads["media"]:
        return "anonymous"
    # Two-word heads ("central bank", "coast guard") name a kind that their last
    # word alone would not: a bank or a guard is not always a state body.
    prev = head.doc[head.i - 1] if head.i > 0 else None
    pair = f"{prev.lower_} {lemma}" if prev is not None and prev in tokens else ""
    for kind in ("anonymous", "official", "media"):
        if lemma in heads[kind] or head.lower_ in heads[kind] or pair in heads[kind]:
            if kind != "media" and head.ent_type_ == "PERSON":
                return "named"
            return kind
    return "named"


def _np_kind(head: Token) -> str:
    """The kind of the source a noun phrase names, in its clause's context: an
    official 'speaking on condition of anonymity' is an anonymous source, and a
    pronoun is whatever its antecedent is."""
    if head.lower_ in SINGULAR_PRONOUNS | PLURAL_PRONOUNS:
        ante = antecedent(head)
        return "named" if ante is None else _np_kind(ante)
    kind = source_kind(_np_tokens(head), head)
    if kind == "official" and _anonymous_context(head):
        return "anonymous"
    return kind


def _anonymous_context(head: Token) -> bool:
    """Whether a clause on the source ('who asked not to be named') or on its
    reporting verb ('speaking on condition of anonymity') withholds its name."""
    lex = cues()
    words, verbs = set(lex["anonymity_clause_words"]), set(lex["anonymity_clause_verbs"])
    clauses = [c for c in head.children if c.dep_ in ("relcl", "acl")]
    if head.dep_ in ("nsubj", "nsubjpass") and head.head != head:
        clauses += [c for c in head.head.children if c.dep_ in ("advcl", "conj", "parataxis")]
    for clause in clauses:
        for tok in clause.subtree:
            if tok.lower_ in words:
                return True
            if tok.lemma_.lower() in verbs and tok.tag_ == "VBN" and \
                    any(c.dep_ == "neg" for c in tok.children):
                return True
    return False


def antecedent(pronoun: Token) -> Token | None:
    """The source a third-person pronoun stands for: the nearest earlier subject
    that names a person ('he') or a person or body ('they'), within a few
    sentences."""
    lex = cues()
    persons, groups = set(lex["person_source_heads"]), set(lex["group_source_heads"])
    plural = pronoun.lower_ in PLURAL_PRONOUNS
    doc = pronoun.doc
    first = pronoun.sent.start
    for _ in range(ANTECEDENT_SENTENCES):
        if first == 0:
            break
        first = doc[first - 1].sent.start
    for tok in reversed(doc[first:pronoun.i]):
        if tok.dep_ not in ("nsubj", "nsubjpass") or tok.pos_ == "PRON":
            continue
        lemma = tok.lemma_.lower()
        if plural and (lemma in persons | groups or tok.ent_type_ in ("ORG", "NORP")):
            return tok
        if not plural and tok.tag_ in ("NN", "NNP") and \
                (tok.ent_type_ == "PERSON" or lemma in persons):
            return tok
    return None


def _from_np(head: Token) -> Attribution:
    tokens = _np_tokens(head)
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    text = doc_text(head.doc)[start:end]
    return Attribution(text=text, start=start, end=end, kind=_np_kind(head))


def reporter_source(verb: Token) -> Attribution | None:
    """The subject of a reporting verb (or the by-phrase of a passive one)."""
    for child in verb.children:
        if child.dep_ == "nsubj" and child.lower_ not in ("it", "there"):
            return _from_np(child)
        if child.lower_ == "by" and any(c.dep_ == "auxpass" for c in verb.children):
            objs = [g for g in child.children if g.dep_ == "pobj"]
            if objs:
                return _from_np(objs[0])
    if verb.dep_ in ("acl", "relcl") and verb.head.pos_ in ("NOUN", "PROPN"):
        return _from_np(verb.head)  # "a statement saying ...", "officials who said"
    if verb.dep_ in ("xcomp", "conj", "advcl") and verb.head != verb:
        return reporter_source(verb.head)  # "declined to say", "said and added"
    return None


def holder_source(verb: Token) -> Attribution | None:
    """Whose belief, plan or finding a complement states ('X plans to ...').

    Only a subject that names someone counts: an expletive or a passive
    ('is expected to') leaves the claim in the article's voice.
    """
    for child in verb.children:
        if child.dep_ == "nsubj" and child.pos_ in ("PROPN", "NOUN", "PRON") and \
                child.lower_ not in ("it", "there", "this", "that", "which", "who"):
            return _from_np(child)
    return None


def according_to(sent: Span) -> Attribution | None:
    """An 'according to X' phrase anywhere in the sentence."""
    for tok in sent:
        if tok.lower_ != "according":
            continue
        nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
        if nxt is None or nxt.lower_ != "to":
            continue
        objs = [c for c in nxt.children if c.dep_ == "pobj"] or \
            [c for c in tok.children if c.dep_ == "pobj"]
        if objs:
            return _from_np(objs[0])
    return None


def hedge_source(token: Token) -> Attribution | None:
    """'reportedly', 'allegedly' on the predicate or one of its governors."""
    adverbs = cues()["adverbs"]
    cur = token
    for _ in range(6):
        for child in cur.children:
            spec = adverbs.get(child.lower_)
            if child.dep_ == "advmod" and spec and spec.get("source"):
                end = child.idx + len(child.text)
                return Attribution(text=child.text, start=child.idx, end=end,
                                   kind=str(spec["source"]))
        if cur.head == cur or cur.dep_ in ("relcl", "ccomp"):
            break
        cur = cur.head
    return None


def parenthetical_source(sent: Span) -> Attribution | None:
    """'..., officials said.': a reporting verb hanging off the root as parataxis."""
    embedders = cues()["embedders"]
    root = sent.root
    for child in root.children:
        spec = embedders.get(child.lemma_.lower())
        if child.dep_ in ("parataxis", "conj") and spec and spec.get("report"):
            return reporter_source(child)
    return None


def colon_source(sent: Span) -> Attribution | None:
    """'NAME: words' (transcripts, 'Poll: ...' headlines): the label speaks."""
    for tok in sent[:8]:
        if tok.text == ":" and tok.i > sent.start:
            label = [t for t in sent[: tok.i - sent.start]
                     if not t.is_space and not t.is_quote and not t.is_punct]
            if label and len(label) <= 5 and \
                    all(t.pos_ in ("PROPN", "NOUN", "DET", "ADJ") for t in label):
                start, end = label[0].idx, label[-1].idx + len(label[-1].text)
                kind = source_kind(label, label[-1])
                return Attribution(text=doc_text(sent.doc)[start:end], start=start, end=end,
                                   kind=kind)
    return None


def sentence_source(sent: Span) -> tuple[Attribution | None, Token | None]:
    """The source a whole sentence reports, with its reporting verb: used to
    carry attribution to neighbouring sentences of the same paragraph."""
    embedders = cues()["embedders"]
    root = sent.root
    spec = embedders.get(root.lemma_.lower())
    if spec and spec.get("report"):
        src = reporter_source(root)
        if src is not None:
            return src, root
    acc = according_to(sent)
    if acc is not None:
        return acc, None
    return parenthetical_source(sent) or dash_source(sent), None


def intro_source(sent: Span) -> Attribution | None:
    """'The governor added:' at the end of a paragraph: its subject speaks the
    block that follows."""
    words = [t for t in sent if not t.is_space]
    if not words or words[-1].text != ":":
        return None
    return reporter_source(sent.root)


def dash_source(sent: Span) -> Attribution | None:
    """A signature after a quotation: '"..." -- Jane Doe' (to the sentence end)."""
    words = [t for t in sent if not t.is_space]
    for n, tok in enumerate(words):
        if tok.text not in DASHES or (n > 0 and not words[n - 1].is_quote):
            continue
        name = []
        for t in words[n + 1:]:
            name.append(t)
            if "\n" in t.whitespace_ or (t.i + 1 < len(t.doc) and "\n" in t.doc[t.i + 1].text):
                break  # the signature ends with its line
        while name and name[-1].is_punct:
            name = name[:-1]
        if 0 < len(name) <= 5 and name[0].pos_ == "PROPN" and \
                all(t.pos_ == "PROPN" or t.is_punct for t in name):
            start, end = name[0].idx, name[-1].idx + len(name[-1].text)
            return Attribution(text=doc_text(sent.doc)[start:end], start=start, end=end,
                               kind="named")
    return None
