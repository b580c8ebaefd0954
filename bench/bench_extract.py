"""How fast the extractor reads articles, against the floor of merely reading and hashing the files.

Usage: python bench/bench_extract.py [CORPUS_DIR] [--minimum N] [--runs R]

Extracts from the corpus's articles repeated to at least 2,000, on one core, and prints the median
articles per second over several runs, counted in CPU time (``time.process_time``) so that other load
on a shared machine does not count against it; per-text caches are cleared before every article, so a
repeated article costs what a new one would (the caches of which patterns a set of guard words lets
run are kept, as a running service keeps them: a few dozen sets cover nearly every sentence). Then
the same for reading and hashing the same files (the I/O floor), the extractor's cost as a multiple of
it, and a yardstick of the machine's speed.
Prints figures; never fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.core.extract import extract  # noqa: E402
from bot.core.extract.pipeline import clear_caches  # noqa: E402
from bot.core.formats import read_article_file  # noqa: E402

MTIME = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def _median_rate(job: Callable[[], object], items: int, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.process_time()
        job()
        times.append(time.process_time() - start)
    median = statistics.median(times)
    return median, items / median


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default=str(ROOT / ".." / "shared" / "corpus"))
    ap.add_argument("--minimum", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    folder = Path(args.corpus) / "articles"
    files = sorted(p for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []
    if not files:
        print(f"no articles under {folder}")
        return
    read = read_article_file
    articles = [a for p in files for a in read(p.name, p.read_bytes(), mtime=MTIME).articles]
    batch = articles * -(-args.minimum // len(articles))
    paths = files * -(-args.minimum // len(files))

    def extract_all() -> int:
        found = 0
        for article in batch:
            clear_caches()
            found += len(extract(article))
        return found

    def read_and_hash() -> int:
        return sum(len(hashlib.sha256(p.read_bytes()).digest()) for p in paths)

    def read_parse_extract() -> int:
        found = 0
        for p in paths:
            clear_caches()
            found += sum(len(extract(a)) for a in read(p.name, p.read_bytes(), mtime=MTIME).articles)
        return found

    extract_all()  # warm up
    rates: dict[str, float] = {}
    for name, job, n in (
        ("extract (articles in memory)", extract_all, len(batch)),
        ("read + hash files (I/O floor)", read_and_hash, len(paths)),
        ("read + parse + extract files", read_parse_extract, len(paths)),
    ):
        median, rates[name] = _median_rate(job, n, args.runs)
        print(f"{name:32} {n:6d} items  median {median * 1000:8.1f} ms CPU  {rates[name]:9.0f} per second")
    floor, cost = rates["read + hash files (I/O floor)"], rates["extract (articles in memory)"]
    print(f"extracting costs {floor / cost:.0f}x reading and hashing the same file")
    # Shared machines change speed by a third from hour to hour: this yardstick, timed beside the
    # figures, tells a slower extractor from a slower machine.
    yardstick, _ = _median_rate(_count_to_ten_million, 1, args.runs)
    print(f"machine yardstick: a pure-Python loop to 10 million takes {yardstick * 1000:.0f} ms CPU")


def _count_to_ten_million() -> int:
    total = 0
    for i in range(10_000_000):
        total += i
    return total


if __name__ == "__main__":
    main()
