"""Rebuilding contract dataclasses from the stored JSON of a document.

The store keeps each document as the contract's JSON; exporters written
against :class:`~tidings.document.Document` get the same object back.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any

from .. import document as contract
from ..document import Document


def _build(kind: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = [k for k in typing.get_args(kind) if k is not type(None)]
        return _build(options[0], value) if len(options) == 1 else value
    if origin is list:
        (inner,) = typing.get_args(kind)
        return [_build(inner, v) for v in value]
    if dataclasses.is_dataclass(kind) and isinstance(kind, type):
        hints = typing.get_type_hints(kind, vars(contract))
        names = {f.name for f in dataclasses.fields(kind)}
        return kind(**{k: _build(hints[k], v) for k, v in value.items() if k in names})
    return value


def document_from_dict(data: dict[str, Any]) -> Document:
    doc: Document = _build(Document, data)
    return doc
