"""A stop-gap reader for the development corpus until ``bot.core.formats`` lands in main.

Same signature as ``bot.core.formats.read_article_file``; handles the corpus's JSON, plain text
with a header block, HTML (``<article>`` paragraphs) and RSS. Delete once the real readers are in.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import html
import json
import re

from bot.core.errors import FormatError
from bot.core.records import Article, ReadResult


def read_article_file(name: str, data: bytes, *, mtime: dt.datetime) -> ReadResult:
    text = data.decode("utf-8", errors="replace")
    if not text.strip():
        raise FormatError("empty file", code="empty")
    lower = name.lower()
    if lower.endswith(".json"):
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            raise FormatError(f"bad JSON: {exc}", code="bad_json") from exc
        return ReadResult(
            (_article(obj.get("title") or "", obj.get("text") or "", obj.get("published"), mtime),)
        )
    if lower.endswith((".html", ".htm")):
        title = _first(r"<title>(.*?)</title>", text) or ""
        title = re.split(r"\s+[|–-]\s+", title)[0]
        published = _first(r'article:published_time"\s+content="([^"]+)"', text)
        body = _first(r"<article[^>]*>(.*?)</article>", text, re.S) or text
        paras = [_strip(p) for p in re.findall(r"<p[^>]*>(.*?)</p>", body, re.S)]
        return ReadResult((_article(title, "\n\n".join(p for p in paras if p), published, mtime),))
    if lower.endswith((".xml", ".rss")):
        items = re.findall(r"<item>(.*?)</item>", text, re.S)
        articles = []
        for item in items:
            title = _strip(_first(r"<title>(.*?)</title>", item, re.S) or "")
            desc = _first(r"<description>(.*?)</description>", item, re.S) or ""
            desc = re.sub(r"^<!\[CDATA\[|\]\]>$", "", desc.strip())
            stamp = _first(r"<pubDate>(.*?)</pubDate>", item)
            published = email.utils.parsedate_to_datetime(stamp).isoformat() if stamp else None
            articles.append(_article(title, _strip(desc), published, mtime))
        return ReadResult(tuple(articles))
    if lower.endswith((".txt", ".md")) or "." not in lower.rsplit("/", 1)[-1]:
        header, _, body = text.partition("\n\n")
        pairs = (line.partition(":") for line in header.splitlines())
        fields = {k.strip().lower(): v.strip() for k, _, v in pairs if v}
        if not {"title", "published"} & set(fields):
            body, fields = text, {}
        return ReadResult((_article(fields.get("title", ""), body, fields.get("published"), mtime),))
    raise FormatError(f"unsupported file type: {name}", code="unsupported")


def _first(pattern: str, text: str, flags: int = 0) -> str | None:
    m = re.search(pattern, text, flags)
    return m.group(1).strip() if m else None


def _strip(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def _article(title: str, text: str, published: str | None, mtime: dt.datetime) -> Article:
    inferred = True
    when = mtime
    if published:
        try:
            parsed = dt.datetime.fromisoformat(published.replace("Z", "+00:00"))
            if parsed.tzinfo is not None:
                when, inferred = parsed, False
        except ValueError:
            pass
    return Article(title=title, text=text, published_at=when, published_inferred=inferred)
