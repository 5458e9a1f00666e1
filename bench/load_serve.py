"""Load test: the events API of a store of 10,000 events, on loopback.

The store is filled with synthetic rows straight through SQL (running the
NLP on thousands of articles would measure the extractor, not the server).
The server is ``tidings serve`` in its own process, so client threads do not
compete with it for the interpreter lock; clients keep their connections
alive, as a browser or a script would.

    python bench/load_serve.py [--events 10000] [--clients 20] [--seconds 20] [--json OUT]

Exit status 1 if any request failed.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tidings.store.db import Store, text_hash

COUNTRIES = ["IND", "RUS", "CHN", "USA", "GBR", "FRA", "DEU", "BRA", "ZAF", "TUR", "KEN",
             "TZA", "CHL", "PER", "IDN", "JPN"]
SECTORS = ["", "GOV", "MIL", "BUS", "COP"]
TYPES = [("CONSULT", "040", 1, 1.0), ("AGREE", "030", 1, 4.0), ("COOPERATE", "061", 2, 6.4),
         ("AID", "070", 2, 7.0), ("ACCUSE", "112", 3, -2.0), ("THREATEN", "130", 3, -4.4),
         ("PROTEST", "140", 3, -6.5), ("SANCTION", "163", 4, -8.0), ("COERCE", "173", 4, -5.0),
         ("ASSAULT", "180", 4, -9.0)]
STATUSES = ["occurred"] * 6 + ["expected"] * 2 + ["negated", "possible"]
EVENTS_PER_ARTICLE = 5
# The filters a console and its users ask for; each client cycles through them.
QUERIES = [
    "/api/events",
    "/api/events?pair=IND,RUS",
    "/api/events?pair=CHN,USA&status=occurred",
    "/api/events?actor=RUSGOV",
    "/api/events?recipient=IND&type=CONSULT",
    "/api/events?type=SANCTION&from=2025-01-01&to=2025-06-30",
    "/api/events?from=2025-09-01&limit=20",
    "/api/events?status=expected&offset=200&limit=50",
]


def build_store(path: Path, n_events: int, seed: int = 7) -> None:
    """Articles with ``EVENTS_PER_ARTICLE`` events each, spread over two years."""
    rng = random.Random(seed)
    with Store(path) as store, store.transaction() as conn:
        for n in range(-(-n_events // EVENTS_PER_ARTICLE)):
            day = f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}" if n % 2 else \
                f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}"
            text = f"Synthetic article {n} for the load test."
            cur = conn.execute(
                "INSERT INTO articles(sha256, doc_id, title, url, source, published, language, "
                "text, document, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (text_hash(text), f"load-{n}", f"Load article {n}", None,
                 f"Source {n % 40}", day, "en", text, "{}", "2026-01-01T00:00:00Z"))
            aid = int(cur.lastrowid or 0)
            for k in range(min(EVENTS_PER_ARTICLE, n_events - n * EVENTS_PER_ARTICLE)):
                insert_event(conn, rng, aid, k, day)


def insert_event(conn: sqlite3.Connection, rng: random.Random, aid: int, k: int, day: str) -> None:
    a, b = rng.sample(COUNTRIES, 2)
    kind, cameo, quad, goldstein = rng.choice(TYPES)
    status = rng.choice(STATUSES)
    actor, recipient = a + rng.choice(SECTORS), b + rng.choice(SECTORS)
    when = day if rng.random() < 0.6 else None
    execute = conn.execute
    execute("INSERT INTO claims(article_id, cid, trigger, start, sentence, status) "
            "VALUES (?,?,?,?,?,?)", (aid, f"C{k}", "met", 10 * k, k, status))
    execute(
        "INSERT INTO events(article_id, eid, claim, type, cameo, quad_class, goldstein, actors,"
        " recipients, parties, time_value, status, trigger, confidence)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (aid, f"E{k}", f"C{k}", kind, cameo, quad, goldstein, json.dumps([actor]),
         json.dumps([recipient]), json.dumps(sorted({a, b})), when, status, "met", 0.8))


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, seconds: float, error: str | None) -> None:
        with self.lock:
            if error is None:
                self.latencies.append(seconds)
            else:
                self.errors += 1
                if len(self.error_samples) < 5:
                    self.error_samples.append(error)


def client(port: int, number: int, stop_at: float, tally: Tally) -> None:
    """One keep-alive client cycling through the filters until the deadline."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    n = number
    while time.monotonic() < stop_at:
        path = QUERIES[n % len(QUERIES)]
        n += 1
        started = time.perf_counter()
        error = None
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            body = response.read()
            if response.status != 200:
                error = f"{path}: HTTP {response.status} {body[:200]!r}"
            elif "items" not in json.loads(body):
                error = f"{path}: no items"
        except (OSError, http.client.HTTPException, ValueError) as exc:
            error = f"{path}: {type(exc).__name__}: {exc}"
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        tally.add(time.perf_counter() - started, error)
    conn.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def server(db: Path, port: int) -> Iterator[None]:
    """``tidings serve`` in a child process, stopped however the run ends."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "tidings", "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ})
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    err = proc.stderr.read().decode() if proc.stderr else ""
                    raise SystemExit(f"the server did not start:\n{err}") from None
                time.sleep(0.1)
        yield
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def run(n_events: int, clients: int, seconds: float) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="tidings-load-") as folder:
        db = Path(folder) / "load.db"
        began = time.perf_counter()
        build_store(db, n_events)
        built = time.perf_counter() - began
        port = free_port()
        tally = Tally()
        with server(db, port):
            stop_at = time.monotonic() + seconds
            threads = [threading.Thread(target=client, args=(port, n, stop_at, tally))
                       for n in range(clients)]
            began = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=seconds + 30)
            elapsed = time.perf_counter() - began
    lat = tally.latencies
    return {
        "events": n_events, "clients": clients, "seconds": round(elapsed, 2),
        "store_build_s": round(built, 2), "requests": len(lat) + tally.errors,
        "errors": tally.errors, "rps": round((len(lat) + tally.errors) / elapsed, 1),
        "p50_ms": round(percentile(lat, 50) * 1000, 1),
        "p95_ms": round(percentile(lat, 95) * 1000, 1),
        "p99_ms": round(percentile(lat, 99) * 1000, 1),
        "mean_ms": round(statistics.fmean(lat) * 1000, 1) if lat else None,
        "error_samples": tally.error_samples,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--json", type=Path, help="also write the result here")
    args = parser.parse_args()
    result = run(args.events, args.clients, args.seconds)
    for key, value in result.items():
        print(f"{key:>14}: {value}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
