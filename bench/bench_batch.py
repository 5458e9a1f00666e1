"""Benchmark: ``tidings batch`` engines against ``tidings extract --jobs``.

Every configuration runs as its own command in a fresh process, twice: on
the full corpus and on a small head of it.  Start-up (interpreter, JVM,
model loads in every worker) is what the small run costs beyond its
documents; throughput is the difference of the two runs, so it excludes
start-up whatever the engine does before its first document:

    docs/s = (N - n) / (T(N) - T(n))      start-up = T(n) - n / (docs/s)

Peak memory is the largest resident set of any one process of the command's
tree (a Spark Python worker, a pool worker, the JVM or the driver), sampled
twice a second: the number to size executor memory with.

    python bench/bench_batch.py [--n 2000] [--head 100] [--jobs 2] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import make_corpus

BIN = Path(sys.executable).parent
# python -m tidings.batch is `tidings batch` without depending on the CLI's wiring.


def commands(corpus: Path, out: Path, jobs: int) -> dict[str, list[str]]:
    tidings = str(BIN / "tidings")
    batch = [sys.executable, "-m", "tidings.batch"]
    return {
        f"extract --jobs {jobs}": [tidings, "extract", "--jsonl", str(corpus), "--out",
                                   str(out / "extract.jsonl"), "--jobs", str(jobs),
                                   "--no-progress"],
        f"batch local --jobs {jobs}": [*batch, str(corpus), str(out / "local"),
                                       "--engine", "local", "--jobs", str(jobs)],
        f"batch spark local[{jobs}]": [*batch, str(corpus), str(out / "spark"),
                                       "--engine", "spark", "--master", f"local[{jobs}]"],
    }


def _tree_rss_mb(root: int) -> float:
    """The largest resident set among ``root`` and its descendants (Linux /proc)."""
    parents: dict[int, int] = {}
    rss: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            status = (entry / "status").read_text()
        except OSError:
            continue
        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
        rss[int(entry.name)] = next((int(line.split()[1]) / 1024 for line in
                                     status.splitlines() if line.startswith("VmRSS:")), 0.0)
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        children = [c for c, parent in parents.items() if parent == pid and c not in tree]
        tree.update(children)
        frontier.extend(children)
    return max((rss.get(pid, 0.0) for pid in tree), default=0.0)


def measure(command: list[str]) -> dict[str, float]:
    """Run one command: wall time and the largest process of its tree, sampled."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0.0
    while child.poll() is None:
        peak = max(peak, _tree_rss_mb(child.pid))
        time.sleep(0.5)
    seconds = time.perf_counter() - started
    if child.returncode not in (0, 1):  # 1: some documents failed, which is not a crash
        raise RuntimeError(f"{command[:3]} exited {child.returncode}")
    return {"seconds": seconds, "peak_mb": peak}


def write_corpus(path: Path, records: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for n, record in enumerate(records, 1):
            row = {"id": f"bench-{n}", "published": f"2025-{1 + n % 12:02d}-15", **record}
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="synthetic documents")
    parser.add_argument("--head", type=int, default=100,
                        help="documents in the small run that measures start-up")
    parser.add_argument("--jobs", type=int, default=2, help="workers (cores) per engine")
    parser.add_argument("--only", help="run only configurations containing this text")
    parser.add_argument("--json", help="also write the results here")
    args = parser.parse_args()
    head = min(args.head, args.n // 2)
    records = make_corpus(args.n)
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="tidings-bench-") as scratch:
        folder = Path(scratch)
        full, small = folder / "full.jsonl", folder / "head.jsonl"
        write_corpus(full, records)
        write_corpus(small, records[:head])
        for name, command in commands(full, folder, args.jobs).items():
            if args.only and args.only not in name:
                continue
            short = commands(small, folder, args.jobs)[name]
            t_small, t_full = measure(short), measure(command)
            extra = t_full["seconds"] - t_small["seconds"]
            # A busy machine can make the full run no slower than the head: no rate then.
            rate = (args.n - head) / extra if extra > 0 else float("nan")
            results[name] = {
                "docs_per_s": rate,
                "startup_s": max(t_small["seconds"] - head / rate, 0.0) if extra > 0
                else float("nan"),
                "wall_s": t_full["seconds"],
                "peak_mb": max(t_full["peak_mb"], t_small["peak_mb"]),
            }
            print(f"{name:28s} {rate:7.1f} docs/s  start-up {results[name]['startup_s']:5.1f} s"
                  f"  wall {t_full['seconds']:6.1f} s  peak {results[name]['peak_mb']:6.0f} MB",
                  flush=True)
    base = next((v for k, v in results.items() if k.startswith("extract")), None)
    spark = next((v for k, v in results.items() if "spark" in k), None)
    if base and spark:
        share = spark["docs_per_s"] / base["docs_per_s"]
        print(f"spark / extract throughput: {share:.0%} (target >= 85%)")
    if args.json:
        Path(args.json).write_text(json.dumps({"n": args.n, "head": head, "jobs": args.jobs,
                                               "results": results}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
