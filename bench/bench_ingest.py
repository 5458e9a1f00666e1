"""Benchmark: `tidings ingest` against `tidings extract --jsonl` on the same input.

Both commands run exactly as a user runs them, as separate processes, so the
totals include interpreter start-up and model loading.  Each command is also
run on the first document alone; the difference between the two runs is the
time the command spends per document once started ("steady" rate), which is
what matters for large inputs.  The ingest time includes storing, near-
duplicate linking and the story rebuild at the end (``--no-stories`` skips it).

    python bench/bench_ingest.py [--n 300] [--corpus FILE.jsonl] [--no-stories] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import make_corpus  # bench/bench.py: this script's folder is on sys.path

TARGET = 0.8  # ingest throughput as a share of extract's


def tidings_command() -> list[str]:
    """The installed console script next to this interpreter, else ``-m tidings``."""
    script = Path(sys.executable).parent / "tidings"
    if script.exists():
        return [str(script)]
    found = shutil.which("tidings")
    return [found] if found else [sys.executable, "-m", "tidings"]


def timed(args: list[str], log: Path) -> dict[str, float]:
    """Wall time and peak memory of one child process (its own, via wait4)."""
    started = time.perf_counter()
    with log.open("w", encoding="utf-8") as err:
        child = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({child.returncode}):\n"
                         f"{log.read_text(encoding='utf-8')[-3000:]}")
    return {"seconds": seconds, "peak_mb": usage.ru_maxrss / 1024}


def run(kind: str, corpus: Path, work: Path, no_stories: bool) -> dict[str, float]:
    base = tidings_command()
    out = work / f"{kind}-{corpus.stem}"
    if kind == "extract":
        args = [*base, "extract", "--jsonl", str(corpus), "--out", f"{out}.jsonl",
                "--no-progress"]
    else:
        db = Path(f"{out}.db")
        for leftover in work.glob(f"{db.name}*"):
            leftover.unlink()
        args = [*base, "ingest", str(corpus), "--db", str(db)]
        if no_stories:
            args.append("--no-stories")
    return timed(args, work / f"{kind}-{corpus.stem}.log")


def measure(kind: str, corpus: Path, first: Path, work: Path,
            no_stories: bool) -> dict[str, float]:
    docs = sum(1 for line in corpus.open(encoding="utf-8") if line.strip())
    start = run(kind, first, work, no_stories)
    full = run(kind, corpus, work, no_stories)
    steady = max(full["seconds"] - start["seconds"], 1e-9)
    return {"docs": docs, "seconds": full["seconds"], "startup_seconds": start["seconds"],
            "docs_per_s": docs / full["seconds"], "steady_docs_per_s": (docs - 1) / steady,
            "peak_mb": full["peak_mb"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300, help="synthetic documents to generate")
    parser.add_argument("--corpus", help="JSONL with a 'text' field per line (instead of --n)")
    parser.add_argument("--no-stories", action="store_true",
                        help="ingest without rebuilding stories at the end")
    parser.add_argument("--json", help="also write the results here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        corpus = Path(args.corpus) if args.corpus else work / "corpus.jsonl"
        if not args.corpus:
            corpus.write_text("".join(json.dumps(d) + "\n" for d in make_corpus(args.n)),
                              encoding="utf-8")
        first = work / "first.jsonl"
        with corpus.open(encoding="utf-8") as lines:
            first.write_text(next(line for line in lines if line.strip()), encoding="utf-8")
        results = {kind: measure(kind, corpus, first, work, args.no_stories)
                   for kind in ("extract", "ingest")}
    print(f"corpus: {results['extract']['docs']:.0f} docs"
          + (" (ingest without stories)" if args.no_stories else ""))
    print(f"{'command':8s} {'total s':>8s} {'start s':>8s} {'docs/s':>8s} {'steady':>8s} "
          f"{'peak MB':>8s}")
    for kind, r in results.items():
        print(f"{kind:8s} {r['seconds']:8.1f} {r['startup_seconds']:8.1f} {r['docs_per_s']:8.2f} "
              f"{r['steady_docs_per_s']:8.2f} {r['peak_mb']:8.0f}")
    ratios = {key: results["ingest"][key] / results["extract"][key]
              for key in ("docs_per_s", "steady_docs_per_s")}
    print(f"ingest / extract: {ratios['docs_per_s']:.2f} with start-up, "
          f"{ratios['steady_docs_per_s']:.2f} steady (target >= {TARGET})")
    if args.json:
        Path(args.json).write_text(json.dumps({"results": results, "ratios": ratios}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
