"""Candidate libraries for the generic parts of extraction, measured on the corpus and on speed.

Usage: python bench/bench_libraries.py [CORPUS_DIR]

- Sentence splitting: our regex splitter vs pysbd, blingfire and syntok — corpus score with each
  swapped in, and sentences per second.
- Number words: our table vs word2number and text2num — the phrases launch counts use, and speed.
- Day phrases: our resolver vs dateparser and dateutil — the phrases the date tests use, and speed.

Candidates that are not installed are reported as such. Prints figures; never fails.
"""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.core.extract import counts, timex  # noqa: E402
from bot.core.extract import text as textmod  # noqa: E402
from bot.core.extract.pipeline import clear_caches, extract  # noqa: E402
from bot.core.formats import read_article_file  # noqa: E402
from bot.core.records import KST  # noqa: E402

MTIME = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def _optional(name: str) -> Any | None:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def _score(corpus: Path) -> str:
    """The score.py summary line for the extractor as currently configured, computed in-process."""
    spec = importlib.util.spec_from_file_location("score", corpus.parent / "tools" / "score.py")
    if spec is None or spec.loader is None:
        return "score.py not found"
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    import json

    labels = json.loads((corpus / "labels.json").read_text())
    read = read_article_file
    tallies = {"new": score.Tally(), "background": score.Tally()}
    for path in sorted((corpus / "articles").iterdir()):
        if path.name not in labels:
            continue
        clear_caches()
        got = [
            e.to_json() for a in read(path.name, path.read_bytes(), mtime=MTIME).articles for e in extract(a)
        ]
        for status, tally in tallies.items():
            golds = [e for e in labels[path.name] if e.get("status", "new") == status]
            gots = [e for e in got if e.get("status", "new") == status]
            tally.add(golds, gots, score.match(golds, gots))
    new, bg = tallies["new"], tallies["background"]
    fields = " ".join(
        f"{f} {new.accuracy(f):.3f}" for f in ("date", "count", "missile_class", "landing", "system")
    )
    return f"new F1 {new.prf()[2]:.3f}; {fields}; background F1 {bg.prf()[2]:.3f}"


def _rate(fn: Callable[[str], object], items: list[str], repeat: int = 3) -> float:
    start = time.process_time()
    for _ in range(repeat):
        for item in items:
            fn(item)
    return repeat * len(items) / (time.process_time() - start)


def sentence_splitters(corpus: Path) -> None:
    print("== sentence splitting")
    read = read_article_file
    paragraphs = [
        p
        for f in sorted((corpus / "articles").iterdir())
        for a in read(f.name, f.read_bytes(), mtime=MTIME).articles
        for p in textmod.normalise(a.text).split("\n")
        if p.strip()
    ]
    ours = textmod.split_sentences
    candidates: dict[str, Callable[[str], list[str]] | None] = {"regex + abbreviations (ours)": ours}
    pysbd = _optional("pysbd")
    if pysbd:
        seg = pysbd.Segmenter(language="en", clean=False)
        candidates["pysbd"] = lambda p: [s.strip() for s in seg.segment(p) if s.strip()]
    blingfire = _optional("blingfire")
    if blingfire:
        candidates["blingfire"] = lambda p: [
            s for s in blingfire.text_to_sentences(p).split("\n") if s.strip()
        ]
    syntok = _optional("syntok.segmenter")
    if syntok:

        def _syntok(p: str) -> list[str]:
            return [
                "".join(t.spacing + t.value for t in sentence).strip()
                for paragraph in syntok.process(p)
                for sentence in paragraph
            ]

        candidates["syntok"] = _syntok
    reference = [ours(p) for p in paragraphs]
    for name, fn in candidates.items():
        if fn is None:
            continue
        same = sum(fn(p) == r for p, r in zip(paragraphs, reference, strict=True))
        rate = _rate(fn, paragraphs)
        textmod.split_sentences = fn  # type: ignore[assignment]
        summary = _score(corpus)
        textmod.split_sentences = ours
        print(f"{name:30} {rate:9.0f} paragraphs/s  same split as ours {same}/{len(paragraphs)}  {summary}")
    for missing in ("pysbd", "blingfire", "syntok"):
        if not _optional(missing if missing != "syntok" else "syntok.segmenter"):
            print(f"{missing:30} not installed")


NUMBER_PHRASES = {
    "eight": 8,
    "twenty-three": 23,
    "twenty three": 23,
    "a pair of": 2,
    "a dozen": 12,
    "eighteen": 18,
    "one": 1,
    "23": 23,
}


def number_words() -> None:
    print("== number words")

    def ours(text: str) -> int | None:
        return counts._value(text)

    candidates: dict[str, Callable[[str], int | None]] = {"table (ours)": ours}
    w2n = _optional("word2number.w2n")
    if w2n:

        def _w2n(text: str) -> int | None:
            try:
                return int(w2n.word_to_num(text))
            except ValueError:
                return None

        candidates["word2number"] = _w2n
    t2n = _optional("text_to_num")
    if t2n:

        def _t2n(text: str) -> int | None:
            try:
                return int(t2n.text2num(text, "en"))
            except ValueError:
                return None

        candidates["text2num"] = _t2n
    phrases = list(NUMBER_PHRASES)
    for name, fn in candidates.items():
        right = sum(fn(p) == v for p, v in NUMBER_PHRASES.items())
        print(f"{name:30} right {right}/{len(phrases)}  {_rate(fn, phrases, 2000):9.0f} phrases/s")


DAY_PHRASES = [
    ("on Sunday", "2023-07-10T15:00:00+09:00", "2023-07-09"),
    ("early Thursday", "2023-07-13T10:00:00+09:00", "2023-07-13"),
    ("Monday morning", "2023-07-12T10:00:00+09:00", "2023-07-10"),
    ("last Wednesday", "2023-07-12T10:00:00+09:00", "2023-07-05"),
    ("yesterday", "2023-07-12T10:00:00+09:00", "2023-07-11"),
    ("Nov. 2", "2023-11-20T10:00:00+09:00", "2023-11-02"),
    ("25 May", "2023-06-01T10:00:00+09:00", "2023-05-25"),
    ("March 24, 2017", "2023-06-01T10:00:00+09:00", "2017-03-24"),
    ("Dec. 28", "2024-01-05T10:00:00+09:00", "2023-12-28"),
    ("on Sunday", "2023-07-10T01:00:00+00:00", "2023-07-09"),
    ("Monday", "2023-07-09T20:00:00-05:00", "2023-07-10"),
]


def day_phrases() -> None:
    print("== day phrases")

    def ours(phrase: str, published: dt.datetime) -> dt.date | None:
        found = [t.date for t in timex.find_times(phrase, published) if t.date]
        return found[0] if found else None

    candidates: dict[str, Callable[[str, dt.datetime], dt.date | None]] = {"stdlib resolver (ours)": ours}
    dateparser = _optional("dateparser")
    if dateparser:

        def _dp(phrase: str, published: dt.datetime) -> dt.date | None:
            local = published.astimezone(KST).replace(tzinfo=None)
            settings = {"RELATIVE_BASE": local, "PREFER_DATES_FROM": "past"}
            got = dateparser.parse(phrase.removeprefix("on ").removeprefix("early "), settings=settings)
            return got.date() if got else None

        candidates["dateparser"] = _dp
    dateutil = _optional("dateutil.parser")
    if dateutil:

        def _du(phrase: str, published: dt.datetime) -> dt.date | None:
            local = published.astimezone(KST).replace(tzinfo=None)
            try:
                return dateutil.parse(phrase, default=local, fuzzy=True).date()
            except (ValueError, OverflowError):
                return None

        candidates["dateutil"] = _du
    cases = [(p, dt.datetime.fromisoformat(w), dt.date.fromisoformat(d)) for p, w, d in DAY_PHRASES]
    for name, fn in candidates.items():
        right = sum(fn(p, w) == d for p, w, d in cases)
        start = time.process_time()
        for _ in range(20):
            for p, w, _d in cases:
                fn(p, w)
        rate = 20 * len(cases) / (time.process_time() - start)
        print(f"{name:30} right {right}/{len(cases)}  {rate:9.0f} phrases/s")


def main() -> None:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / ".." / "shared" / "corpus"
    if (corpus / "articles").is_dir():
        sentence_splitters(corpus)
    else:
        print(f"no corpus at {corpus}: sentence splitters not scored")
    number_words()
    day_phrases()


if __name__ == "__main__":
    main()
