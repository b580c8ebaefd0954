"""Whatever lands in the ingest folder, a reader answers with articles or a FormatError — nothing else."""

from __future__ import annotations

import datetime as dt
import json
import os
from xml.sax.saxutils import escape, quoteattr

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.errors import FormatError
from bot.core.formats import read_article_file

MTIME = dt.datetime(2024, 5, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=9)))
NAMES = [
    "a.txt",
    "a.md",
    "a.json",
    "a.jsonl",
    "a.html",
    "a.xml",
    "a.rss",
    "a.atom",
    "a.eml",
    "noext",
    "a.dat",
]

# Bytes that look a little like each format, so the fuzzer gets past the first check.
PREFIXES = [
    b"",
    b"Title: x\nPublished: ",
    b"---\ntitle: ",
    b'{"text": "',
    b'[{"title": 1, "text": ',
    b"<html><head><meta property='article:published_time' content='",
    b'<?xml version="1.0"?><rss><channel><item><title>',
    b"<feed xmlns='http://www.w3.org/2005/Atom'><entry><content type='html'>",
    b"Subject: x\nDate: ",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
]

# FUZZ_EXAMPLES=5000 for a longer hunt; the default keeps the suite at a few seconds.
SETTINGS = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def assert_valid(name: str, data: bytes) -> None:
    problem: FormatError | None = None
    try:
        result = read_article_file(name, data, mtime=MTIME)
    except FormatError as err:
        problem = err
    if problem is not None:
        assert problem.code
        assert problem.reason
        assert "\n" not in problem.reason
        return
    assert result.articles
    for article in result.articles:
        assert article.published_at.utcoffset() is not None
        assert article.text.strip()
        assert article.title.strip()
        assert "\n" not in article.title
        article.text.encode("utf-8")  # no lone surrogates on the way to the database
        article.title.encode("utf-8")


@SETTINGS
@given(name=st.sampled_from(NAMES), data=st.binary(max_size=400))
def test_arbitrary_bytes_under_every_name_give_articles_or_a_format_error(name: str, data: bytes) -> None:
    assert_valid(name, data)


@SETTINGS
@given(name=st.sampled_from(NAMES), prefix=st.sampled_from(PREFIXES), rest=st.text(max_size=300))
def test_almost_well_formed_text_gives_articles_or_a_format_error(
    name: str, prefix: bytes, rest: str
) -> None:
    assert_valid(name, prefix + rest.encode("utf-8", "surrogatepass"))


FIELDS = ["title", "text", "body", "content", "published", "date", "published_at", "url", "source", "id"]
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=6), inner, max_size=6)
    ),
    max_leaves=15,
)


@SETTINGS
@given(value=JSON_VALUES, lines=st.booleans())
def test_any_json_value_gives_articles_or_a_format_error(value: object, lines: bool) -> None:
    if lines and isinstance(value, list):
        assert_valid("a.jsonl", "\n".join(json.dumps(v) for v in value).encode())
    else:
        assert_valid("a.json", json.dumps(value).encode())


STAMPS = st.text(max_size=30) | st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat())
MARKUP = st.text(alphabet=st.sampled_from(list("<>/&;\"'= abpdivlitme\n")) | st.characters(), max_size=120)


@SETTINGS
@given(stamp=STAMPS, body=MARKUP, title=st.text(max_size=30))
def test_generated_pages_feeds_and_mails_give_articles_or_a_format_error(
    stamp: str, body: str, title: str
) -> None:
    page = (
        f"<html><head><title>{escape(title)}</title>"
        f"<meta property='article:published_time' content={quoteattr(stamp)}></head>"
        f"<body><article><p>{body}</p></article></body></html>"
    )
    feed = (
        f"<rss><channel><title>{escape(title)}</title><item><title>{escape(title)}</title>"
        f"<pubDate>{escape(stamp)}</pubDate><description>{escape(body)}</description></item></channel></rss>"
    )
    mail = f"Subject: {title}\nDate: {stamp}\nContent-Type: text/html\n\n{body}"
    assert_valid("a.html", page.encode("utf-8", "surrogatepass"))
    assert_valid("a.rss", feed.encode("utf-8", "surrogatepass"))
    assert_valid("a.eml", mail.encode("utf-8", "surrogatepass"))
