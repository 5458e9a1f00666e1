"""tidings: news articles in, political event data out.

The public API is small on purpose; everything not listed in ``__all__``
is private and may change.
"""

from __future__ import annotations

from .document import SCHEMA, Document, ErrorRecord
from .errors import InputError, SetupError, TidingsError
from .pipeline import Options, Pipeline, extract

__version__ = "0.1.0"

__all__ = [
    "SCHEMA",
    "Document",
    "ErrorRecord",
    "InputError",
    "Options",
    "Pipeline",
    "SetupError",
    "TidingsError",
    "__version__",
    "extract",
]
