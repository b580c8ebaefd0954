"""How fast the extractor reads articles, against the floor of merely reading and hashing the files.

Usage: python bench/bench_extract.py [CORPUS_DIR] [--repeat N] [--runs R]

Extracts from the corpus's articles repeated to at least 2,000 articles, on one core, and prints the
median articles per second of CPU time (process_time, so other load on the machine does not count) over several runs; then the same for reading and hashing the same files
(the I/O floor), and the extractor's cost as a multiple of it. Prints figures; never fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.core.extract import extract  # noqa: E402
from bot.extract_command import reader  # noqa: E402

MTIME = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default=str(ROOT / ".." / "shared" / "corpus"))
    ap.add_argument("--minimum", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    files = sorted(p for p in (Path(args.corpus) / "articles").iterdir() if p.is_file())
    if not files:
        print(f"no articles under {args.corpus}")
        return
    read = reader()
    articles = [a for p in files for a in read(p.name, p.read_bytes(), mtime=MTIME).articles]
    repeat = -(-args.minimum // len(articles))
    batch = articles * repeat
    paths = files * -(-args.minimum // len(files))

    def extract_all() -> int:
        return sum(len(extract(a)) for a in batch)

    def read_and_hash() -> int:
        return sum(len(hashlib.sha256(p.read_bytes()).digest()) for p in paths)

    def read_parse_extract() -> int:
        return sum(len(extract(a)) for p in paths for a in read(p.name, p.read_bytes(), mtime=MTIME).articles)

    extract_all()  # warm caches and compiled patterns
    rates = {}
    for name, job, n in (
        ("extract (articles in memory)", extract_all, len(batch)),
        ("read + hash files (I/O floor)", read_and_hash, len(paths)),
        ("read + parse + extract files", read_parse_extract, len(paths)),
    ):
        times = []
        for _ in range(args.runs):
            start = time.process_time()
            job()
            times.append(time.process_time() - start)
        rates[name] = n / statistics.median(times)
        print(f"{name:34} {n:6d} items  median {statistics.median(times) * 1000:8.1f} ms  {rates[name]:10.0f} /s")
    floor = rates["read + hash files (I/O floor)"]
    cost = rates["extract (articles in memory)"]
    print(f"extractor cost per article = {floor / cost:.1f}x the cost of reading and hashing its file")


if __name__ == "__main__":
    main()
