"""Quality gate: extract the evaluation corpora, score them, hold the floors.

Runs the real batch path (`tidings extract --jsonl`) over the seed article
and every development gold file found beside the checkout, scores each with
the evaluation scorer, and fails when a metric falls more than TOLERANCE
below its floor in quality/baseline.json (or rises above a ceiling).
Floors only move up, in a commit that says why.  Without the evaluation
material the gate says so and passes: the project's own tests do not need it.

    python scripts/quality_gate.py [--shared DIR] [--only NAME ...] [--report FILE]
                                   [--raise-floors]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "quality" / "baseline.json"
TOLERANCE = 0.005
SEED_PUBLISHED = "2025-10-16"

# gold file stem -> scorer tasks run on it
CORPORA: dict[str, tuple[str, ...]] = {
    "seed": ("seed",),
    "tempeval3": ("timex",),
    "meantime": ("timex", "claims", "quantities"),
    "plover_gsr": ("plover", "cameo"),
    "uw": ("claims",),
    "polnear": ("attribution",),
    "lgl": ("places",),
    "geovirus": ("places",),
}


def find_shared(explicit: str | None) -> Path | None:
    for candidate in (explicit, os.environ.get("TIDINGS_EVAL_DIR"), str(ROOT.parent / "shared")):
        if candidate and (Path(candidate) / "eval" / "score.py").is_file():
            return Path(candidate)
    return None


def seed_input(shared: Path, workdir: Path) -> tuple[Path, Path]:
    gold = shared / "seed" / "gold.json"
    meta = json.loads(gold.read_text(encoding="utf-8"))["article"]
    text = (shared / "seed" / meta["file"]).read_text(encoding="utf-8")
    path = workdir / "seed.in.jsonl"
    record = {"id": meta["id"], "text": text, "published": meta.get("published", SEED_PUBLISHED)}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path, gold


def extract(tidings: str, src: Path, out: Path) -> float:
    started = time.monotonic()
    proc = subprocess.run([tidings, "extract", "--jsonl", str(src), "--out", str(out),
                           "--no-progress"], capture_output=True, text=True)
    if proc.returncode not in (0, 1):  # 1 = some documents failed, still scored
        raise SystemExit(f"extraction failed on {src.name}:\n{proc.stderr[-2000:]}")
    return time.monotonic() - started


# MEANTIME annotates only the headline, the dateline and the first four body
# sentences of each article (one per line in the gold text).  Predictions
# beyond that region cannot be right or wrong, so the gate also scores a copy
# of the predictions cut to it ("meantime@annotated"); floors use that copy.
ANNOTATED_LINES = {"meantime": 6}
STORY_CORPORA = ("meantime",)  # gold claims carry cross-document event instances


def _end_of_line(text: str, lines: int) -> int:
    """Offset where the first ``lines`` lines of ``text`` end."""
    pos = -1
    for _ in range(lines):
        pos = text.find("\n", pos + 1)
        if pos < 0:
            return len(text)
    return pos


def cut_to_lines(pred: Path, gold: Path, lines: int, out: Path) -> None:
    texts = {}
    for raw in gold.open(encoding="utf-8"):
        record = json.loads(raw)
        texts[record["id"]] = record["text"]
    with out.open("w", encoding="utf-8") as sink:
        for raw in pred.open(encoding="utf-8"):
            doc = json.loads(raw)
            text = texts.get(doc.get("id"), "")
            limit = _end_of_line(text, lines)
            if "claims" in doc:
                doc["claims"] = [c for c in doc["claims"] if c["trigger"]["start"] < limit]
            for layer in ("timexes", "quantities", "places"):
                if layer in doc:
                    doc[layer] = [x for x in doc[layer] if x["start"] < limit]
            sink.write(json.dumps(doc) + "\n")


def score(shared: Path, task: str, gold: Path, pred: Path) -> dict[str, float]:
    proc = subprocess.run([sys.executable, str(shared / "eval" / "score.py"), "--task", task,
                           "--gold", str(gold), "--pred", str(pred), "--json"],
                          capture_output=True, text=True, check=True)
    metrics = json.loads(proc.stdout)["metrics"]
    return {k: float(v) for k, v in metrics.items() if isinstance(v, (int, float))}


def story_merging(gold: Path) -> dict[str, float]:
    """B-cubed of story merging against the corpus's cross-document event
    instances (MEANTIME carries them), through the real ingest path."""
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "story_bcubed.py"), str(gold)],
                          capture_output=True, text=True, check=True)
    result = json.loads(proc.stdout.strip().splitlines()[0])
    return {f"bcubed_{k}": float(v) for k, v in result.items()
            if k in ("precision", "recall", "f1")}


def check(results: dict[str, float], baseline: dict[str, dict[str, float]]) -> list[str]:
    failures = []
    for key, floor in baseline.get("floors", {}).items():
        if key in results and results[key] < floor - TOLERANCE:
            failures.append(f"{key} = {results[key]:.4f} is below its floor {floor:.4f}")
    for key, ceiling in baseline.get("ceilings", {}).items():
        if key in results and results[key] > ceiling + TOLERANCE:
            failures.append(f"{key} = {results[key]:.4f} is above its ceiling {ceiling:.4f}")
    return failures


def raise_floors(baseline: dict[str, dict[str, float]], results: dict[str, float]) -> None:
    """Move each pinned floor up to the measured value (two decimals, rounded
    down) and each ceiling down; never the other way.  Commit the file with
    the reason."""
    for key, floor in baseline.get("floors", {}).items():
        if key in results:
            baseline["floors"][key] = max(floor, math.floor(results[key] * 100) / 100)
    for key, ceiling in baseline.get("ceilings", {}).items():
        if key in results:
            baseline["ceilings"][key] = min(ceiling, math.ceil(results[key] * 100) / 100)
    BASELINE.write_text(json.dumps(baseline, indent=2) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", help="folder holding eval/, gold/dev/ and seed/")
    parser.add_argument("--only", nargs="*", help="corpora to run (default: all found)")
    parser.add_argument("--report", default=str(ROOT / "out" / "quality.json"))
    parser.add_argument("--tidings", default=str(Path(sys.executable).parent / "tidings"))
    parser.add_argument("--raise-floors", action="store_true",
                        help="raise pinned floors (lower ceilings) to what was measured")
    args = parser.parse_args()
    shared = find_shared(args.shared)
    if shared is None:
        print("quality gate: no evaluation material found; skipped")
        return 0
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        for name, tasks in CORPORA.items():
            if args.only and name not in args.only:
                continue
            if name == "seed":
                src, gold = seed_input(shared, workdir)
            else:
                src = gold = shared / "gold" / "dev" / f"{name}.dev.jsonl"
                if not src.is_file():
                    continue
            pred = workdir / f"{name}.pred.jsonl"
            seconds = extract(args.tidings, src, pred)
            for task in tasks:
                for metric, value in score(shared, task, gold, pred).items():
                    results[f"{name}:{task}:{metric}"] = value
            if name in STORY_CORPORA:
                for metric, value in story_merging(gold).items():
                    results[f"{name}:stories:{metric}"] = value
            if name in ANNOTATED_LINES:
                scoped = workdir / f"{name}.annotated.pred.jsonl"
                cut_to_lines(pred, gold, ANNOTATED_LINES[name], scoped)
                for task in tasks:
                    for metric, value in score(shared, task, gold, scoped).items():
                        results[f"{name}@annotated:{task}:{metric}"] = value
            print(f"{name}: extracted in {seconds:.1f}s", flush=True)
    for key in sorted(results):
        mark = " (floor {:.3f})".format(baseline["floors"][key]) if key in baseline.get(
            "floors", {}) else ""
        print(f"  {key:55s} {results[key]:.4f}{mark}")
    Path(args.report).parent.mkdir(parents=True, exist_ok=True)
    Path(args.report).write_text(json.dumps(results, indent=1, sort_keys=True), encoding="utf-8")
    if args.raise_floors:
        raise_floors(baseline, results)
    failures = check(results, baseline)
    for failure in failures:
        print(f"QUALITY DROP: {failure}")
    print(f"quality gate: {len(results)} metrics, {len(failures)} below floor")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
