"""``tidings batch``: many articles in, one partitioned Parquet dataset out.

Two engines write the same layout (:mod:`.layout`): ``local`` (worker
processes on this machine, pyarrow) and ``spark`` (any Spark cluster,
PySpark being an optional extra).  Nothing here imports pyarrow or pyspark
until an engine runs, so the core package never needs them.
"""

from __future__ import annotations

from .rows import document_row, error_row, event_rows, month_of

__all__ = ["document_row", "error_row", "event_rows", "month_of"]
