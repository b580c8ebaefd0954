"""Articles per second for each ingest format, reading the development corpus over and over.

    python bench/bench_readers.py [--rounds 7] [--repeat 20]

Each round reads every corpus file of a format ``repeat`` times; the figure printed is the median
round. Formats the corpus lacks (Markdown, JSON Lines, e-mail) are read from the test fixtures or
built from corpus articles so that every reader has a number. Prints; never fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import time
from collections import defaultdict
from pathlib import Path

from bot.core.formats import read_article_file

ROOT = Path(__file__).resolve().parents[1]
CANDIDATES = [
    ROOT.parent / "shared" / "corpus" / "articles",
    ROOT.parents[1] / "shared" / "corpus" / "articles",
]
FIXTURES = ROOT / "tests" / "fixtures" / "formats"
MTIME = dt.datetime(2024, 6, 1, tzinfo=dt.UTC)


def samples() -> dict[str, list[tuple[str, bytes]]]:
    corpus = next((p for p in CANDIDATES if p.is_dir()), None)
    by_format: dict[str, list[tuple[str, bytes]]] = defaultdict(list)
    json_objects = []
    if corpus is not None:
        for path in sorted(corpus.iterdir()):
            kind = {".txt": "text", ".json": "json", ".html": "html", ".xml": "feed"}.get(path.suffix)
            if kind:
                by_format[kind].append((path.name, path.read_bytes()))
            if path.suffix == ".json":
                json_objects.append(json.loads(path.read_bytes()))
    if json_objects:
        lines = "\n".join(json.dumps(o) for o in json_objects).encode()
        by_format["jsonl"].append(("corpus.jsonl", lines))
        for o in json_objects[:5]:
            headers = f"Subject: {o['title']}\nDate: {o['published']}\nFrom: {o['source']} <a@example.org>"
            mail = f"{headers}\n\n{o['text']}"
            by_format["eml (plain)"].append(("a.eml", mail.encode()))
    for path in sorted(FIXTURES.glob("*")) if FIXTURES.is_dir() else []:
        kind = {".md": "markdown", ".eml": "eml (html)", ".atom": "feed (atom)", ".html": "html"}.get(
            path.suffix
        )
        if kind:
            by_format[kind].append((path.name, path.read_bytes()))
    return by_format


def measure(files: list[tuple[str, bytes]], *, rounds: int, repeat: int) -> tuple[float, float, int]:
    rates, per_file = [], []
    articles = sum(len(read_article_file(n, d, mtime=MTIME).articles) for n, d in files)  # warm-up
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(repeat):
            for name, data in files:
                read_article_file(name, data, mtime=MTIME)
        elapsed = time.perf_counter() - start
        rates.append(articles * repeat / elapsed)
        per_file.append(elapsed / (repeat * len(files)) * 1000)
    return statistics.median(rates), statistics.median(per_file), articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    by_format = samples()
    if not by_format:
        print("no corpus or fixtures found; nothing to measure")
        return
    print(
        f"{'format':<14}{'files':>6}{'articles':>10}{'articles/s':>13}{'ms/file':>10}"
        f"   (median of {args.rounds} rounds)"
    )
    for kind, files in sorted(by_format.items()):
        rate, ms, articles = measure(files, rounds=args.rounds, repeat=args.repeat)
        print(f"{kind:<14}{len(files):>6}{articles:>10}{rate:>13,.0f}{ms:>10.2f}")


if __name__ == "__main__":
    main()
