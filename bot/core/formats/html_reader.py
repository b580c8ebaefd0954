"""HTML article pages: trafilatura finds the article; the page's own meta tags give its stamp.

trafilatura's date is date-only, so the publication time with its offset is read from the meta
tags (and JSON-LD) here; trafilatura's date is the last resort before the file's time.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any
from urllib.parse import urlsplit

import lxml.html  # type: ignore[import-untyped]
import trafilatura

from bot.core.errors import FormatError
from bot.core.formats.assembly import Found, assemble
from bot.core.formats.decoding import declared_encoding, decode
from bot.core.formats.markup import tree_text
from bot.core.formats.prose import normalise_title
from bot.core.formats.tables import HTML_DATE_META, HTML_PRUNE_XPATHS, TITLE_SEPARATORS
from bot.core.records import ReadResult

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
_SITE_SUFFIX_MAX_WORDS = 5
_JSON_LD_MAX_DEPTH = 6

# htmldate would otherwise reject dates after today, which it learns from the clock; the ingest
# service does the future check. No "extensive" search: a date quoted in the text is not the stamp.
_DATE_PARAMS = {"original_date": True, "extensive_search": False, "max_date": "2999-12-31"}


def read_html(data: bytes, *, mtime: dt.datetime) -> ReadResult:
    decoded = decode(data, declared=declared_encoding(data))
    warnings = list(decoded.warnings)
    tree = _parse(decoded.text)
    page = _Page(tree)
    document = _main_text(tree)
    text = tree_text(document.body) if document is not None else ""
    if not text:
        raise FormatError("no article text found in the page", code="no_body")
    title, site_suffix = _title(page, getattr(document, "title", None))
    if title and text.casefold().startswith(title.casefold() + "\n"):
        text = text[len(title) :]  # the page's <h1> repeating the title
    found = Found(
        text=text,
        title=title,
        published=[*page.stamps(), *page.timestamps_on(getattr(document, "date", None))],
        source=page.meta("property", "og:site_name") or site_suffix or getattr(document, "sitename", None),
        url=_absolute(page.link("canonical")) or _absolute(page.meta("property", "og:url")),
    )
    return ReadResult((assemble(found, mtime=mtime, warnings=warnings),), tuple(warnings))


def _parse(text: str) -> Any:
    # lxml refuses a str that still declares its encoding; it has been decoded already.
    text = _XML_DECLARATION.sub("", text, count=1)
    try:
        return lxml.html.document_fromstring(text, parser=lxml.html.HTMLParser(no_network=True))
    except Exception as err:  # lxml raises ParserError, ValueError and even AssertionError on junk
        reason = (str(err).splitlines() or [type(err).__name__])[0][:160]
        raise FormatError(f"not parseable as HTML: {reason}", code="no_body") from None


def _main_text(tree: Any) -> Any:
    try:
        return trafilatura.bare_extraction(
            tree,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            favor_precision=True,
            prune_xpath=list(HTML_PRUNE_XPATHS),
            date_extraction_params=dict(_DATE_PARAMS),
        )
    except Exception:  # a page trafilatura cannot handle is a page with no body we can find
        return None


class _Page:
    """The bits of a page's ``<head>`` (and JSON-LD) that describe the article."""

    def __init__(self, tree: Any) -> None:
        self._meta: dict[tuple[str, str], str] = {}
        for element in tree.iter("meta"):
            content = element.get("content")
            if not content or not content.strip():
                continue
            for attribute in ("property", "name", "itemprop"):
                key = (attribute, (element.get(attribute) or "").strip().lower())
                if key[1] and key not in self._meta:
                    self._meta[key] = content.strip()
        self._links = {
            rel.lower(): element.get("href") or ""
            for element in tree.iter("link")
            for rel in (element.get("rel") or "").split()
        }
        self._tree = tree

    def meta(self, attribute: str, value: str) -> str | None:
        return self._meta.get((attribute, value))

    def link(self, rel: str) -> str | None:
        return self._links.get(rel)

    def page_title(self) -> str | None:
        element = self._tree.find(".//title")
        return element.text_content() if element is not None else None

    def first_heading(self) -> str | None:
        for element in self._tree.iter("h1"):
            text = normalise_title(element.text_content())
            if text:
                return text
        return None

    def stamps(self) -> list[str]:
        """Publication stamp candidates, best first (the table's order, JSON-LD and <time> inserted
        after the publication tags and before the modification ones)."""
        tagged = [(name, self.meta(attribute, name)) for attribute, name in HTML_DATE_META]
        published = [value for name, value in tagged if value and "modified" not in name]
        modified = [value for name, value in tagged if value and "modified" in name]
        timed = [
            element.get("datetime")
            for element in self._tree.iter("time")
            if element.get("datetime")
            and (element.get("pubdate") is not None or element.get("itemprop", "").lower() == "datepublished")
        ]
        return [
            *published,
            *self._json_ld("datepublished"),
            *timed,
            *modified,
            *self._json_ld("datemodified"),
        ]

    def timestamps_on(self, day: object) -> list[str]:
        """trafilatura's date-only guess, preceded by any ``<time datetime>`` stamp on that day:
        the guess usually came from one, and the stamp keeps the time and offset it dropped."""
        if not isinstance(day, str) or not day:
            return []
        stamped = [
            value
            for element in self._tree.iter("time")
            if (value := (element.get("datetime") or "").strip()).startswith(day + "T")
        ]
        return [*stamped[:1], day]

    def _json_ld(self, key: str) -> list[str]:
        found: list[str] = []
        for element in self._tree.iter("script"):
            if (element.get("type") or "").strip().lower() != "application/ld+json":
                continue
            try:
                data = json.loads(element.text_content())
            except (ValueError, RecursionError):
                continue
            _collect_key(data, key, found, _JSON_LD_MAX_DEPTH)
        return found


def _collect_key(data: object, key: str, found: list[str], depth: int) -> None:
    if depth <= 0:
        return
    if isinstance(data, dict):
        for name, value in data.items():
            if str(name).lower() == key and isinstance(value, str):
                found.append(value)
            else:
                _collect_key(value, key, found, depth - 1)
    elif isinstance(data, list):
        for value in data:
            _collect_key(value, key, found, depth - 1)


def _title(page: _Page, extracted_title: str | None) -> tuple[str | None, str | None]:
    """The headline without the site name, and the site name if it came off the title."""
    site = page.meta("property", "og:site_name")
    heading = page.first_heading()
    for candidate in (page.meta("property", "og:title"), page.page_title()):
        full = normalise_title(candidate or "")
        if full:
            return _split_site_name(full, site=site and normalise_title(site), heading=heading)
    return heading or extracted_title, None


def _split_site_name(full: str, *, site: str | None, heading: str | None) -> tuple[str, str | None]:
    for separator in TITLE_SEPARATORS:
        if site and full.endswith(separator + site) and len(full) > len(separator + site):
            return full[: -len(separator + site)].strip(), site
        if site and full.startswith(site + separator) and len(full) > len(site + separator):
            return full[len(site + separator) :].strip(), site
    # "Headline - The Seoul Ledger" whose <h1> reads "Headline": whatever follows is the site.
    if heading and full != heading and full.startswith(heading):
        rest = full[len(heading) :]
        for separator in TITLE_SEPARATORS:
            if rest.startswith(separator) and rest[len(separator) :].strip():
                return heading, rest[len(separator) :].strip()
    # A pipe is never part of a headline; a short last segment after one is the site's name.
    if " | " in full:
        head, tail = full.rsplit(" | ", 1)
        if len(tail.split()) <= _SITE_SUFFIX_MAX_WORDS and len(head.split()) >= 3:
            return head.strip(), tail.strip()
    return full, None


def _absolute(url: str | None) -> str | None:
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:  # "http://[" and friends
        return None
    return url if parts.scheme in ("http", "https") and parts.netloc else None
