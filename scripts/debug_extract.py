"""Print the draft events of one article file with the clauses assigned to each (development aid)."""

import datetime as dt
import sys
from pathlib import Path

from bot.core.extract.discourse import read
from bot.core.extract.pipeline import _NORTH, _first_actor
from bot.core.extract.text import clause_spans, sentences
from bot.core.extract.timex import pub_date_kst
from bot.core.records import Actor
from bot.extract_command import reader

for path in [a for a in sys.argv[1:] if not a.startswith("-")]:
    data = Path(path).read_bytes()
    for article in reader()(path, data, mtime=dt.datetime.now(dt.UTC)).articles:
        sents = sentences(article.title, article.text)
        if "-s" in sys.argv:
            for s in sents:
                print(
                    s.index,
                    s.paragraph,
                    s.in_lead,
                    [(sp.kind.value, s.text[sp.start : sp.end]) for sp in clause_spans(s.text)],
                )
        pub = pub_date_kst(article.published_at)
        default = Actor.NORTH_KOREA if _NORTH.search(article.title + article.text) else _first_actor(sents)
        for d in read(sents, article.published_at, pub, default):
            print(f"== {d.actors} {d.date} strength={d.strength} lead={d.in_lead} nuclear={d.nuclear}")
            for p in d.pieces:
                mark = ("T" if p.trigger else "-") + ("I" if p.identification_only else " ")
                print(f"   {mark} [{p.sentence.index}] {p.text}")
