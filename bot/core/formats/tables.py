"""The reading rules as data: which names mean what in each format.

Everything a reader recognises by name (extensions, header keys, JSON fields, HTML meta tags,
time-zone abbreviations, date layouts) lives here, so widening what we accept is a one-line change.
"""

from __future__ import annotations

from enum import StrEnum


class Format(StrEnum):
    TEXT = "text"
    MARKDOWN = "markdown"
    JSON = "json"
    JSONL = "jsonl"
    HTML = "html"
    FEED = "feed"
    EMAIL = "email"


#: Detection by file extension (lower-cased, with the dot). Anything else is unsupported unless the
#: name has no extension at all, in which case the content is sniffed. Unknown extensions are not
#: sniffed on purpose: they are mostly half-written downloads (.part, .crdownload, .tmp) and editor
#: swap files, whose bytes are not yet an article.
EXTENSIONS: dict[str, Format] = {
    ".txt": Format.TEXT,
    ".text": Format.TEXT,
    ".md": Format.MARKDOWN,
    ".markdown": Format.MARKDOWN,
    ".json": Format.JSON,
    ".jsonl": Format.JSONL,
    ".ndjson": Format.JSONL,
    ".html": Format.HTML,
    ".htm": Format.HTML,
    ".xhtml": Format.HTML,
    ".xml": Format.FEED,
    ".rss": Format.FEED,
    ".atom": Format.FEED,
    ".eml": Format.EMAIL,
}

# --- article fields ------------------------------------------------------------------------------
# Each maps an input name (lower-cased) to the Article field it fills. Where several names fill the
# same field, the earlier one in the table wins.

#: Plain-text header blocks and YAML-style front matter.
HEADER_KEYS: dict[str, str] = {
    "title": "title",
    "headline": "title",
    "published": "published",
    "published_at": "published",
    "published at": "published",
    "date": "published",
    "source": "source",
    "publisher": "source",
    "url": "url",
    "link": "url",
}

#: JSON / JSONL article objects.
JSON_FIELDS: dict[str, str] = {
    "title": "title",
    "headline": "title",
    "text": "text",
    "body": "text",
    "content": "text",
    "published": "published",
    "published_at": "published",
    "date": "published",
    "url": "url",
    "link": "url",
    "source": "source",
    "id": "external_id",
    "guid": "external_id",
}

#: Header values that say "nothing here" (the corpus seeds carry ``Source: unknown``).
PLACEHOLDER_VALUES: frozenset[str] = frozenset({"", "unknown", "n/a", "none", "null", "-", "?"})

#: E-mail header names that mark a header block as an e-mail's when sniffing an extension-less file
#: (our own text header uses Title/Date/Source/URL, never these).
EMAIL_ONLY_HEADERS: frozenset[str] = frozenset(
    {"subject", "message-id", "mime-version", "received", "return-path", "delivered-to", "content-type"}
)

#: Lines of an e-mail that are the newsletter's wrapping, not the news (matched case-insensitively
#: against short lines only, so a sentence that mentions unsubscribing survives).
MAIL_BOILERPLATE: tuple[str, ...] = (
    r"view (this (e-?mail|message|newsletter) )?(in|on) (your|a|the) (web )?browser",
    r"unsubscribe",
    r"manage (your )?(e-?mail )?(preferences|subscriptions?)",
    r"you are receiving this",
    r"you('re| are) (getting|receiving) this",
    r"forward(ed)? to a friend",
    r"add .* to your address book",
)
MAIL_BOILERPLATE_MAX_LINE = 160

# --- HTML ----------------------------------------------------------------------------------------

#: ``<meta>`` tags carrying the publication time, best first: ``(attribute, lower-cased value)``.
#: The modification time comes last: for a live blog with no publication stamp it is the time its
#: text was current, which is what relative dates in it are relative to.
HTML_DATE_META: tuple[tuple[str, str], ...] = (
    ("property", "article:published_time"),
    ("property", "og:article:published_time"),
    ("property", "og:published_time"),
    ("itemprop", "datepublished"),
    ("name", "article:published_time"),
    ("name", "pubdate"),
    ("name", "publishdate"),
    ("name", "publish-date"),
    ("name", "publication_date"),
    ("name", "parsely-pub-date"),
    ("name", "sailthru.date"),
    ("name", "dc.date.issued"),
    ("name", "dcterms.issued"),
    ("name", "dc.date"),
    ("name", "dcterms.date"),
    ("name", "date"),
    ("property", "article:modified_time"),
    ("itemprop", "datemodified"),
)

#: Elements removed before trafilatura looks for the main text: site chrome that its fallback
#: extractors would otherwise pick up on short pages.
HTML_PRUNE_XPATHS: tuple[str, ...] = (
    "//nav",
    "//footer",
    "//aside",
    "//form",
    "//header[not(ancestor::article)]",
    "//*[@role='navigation' or @role='banner' or @role='contentinfo' or @role='complementary']",
)

#: Separators between a page title and the site name ("Headline | Site", "Headline - Site").
TITLE_SEPARATORS: tuple[str, ...] = (" | ", " – ", " — ", " - ", " :: ", " · ", " • ")

# --- dates ---------------------------------------------------------------------------------------

#: Zone abbreviations we read, in hours east of UTC. Ambiguous ones (CST, IST) are left out:
#: a wrong offset is worse than falling back to the file's time with a warning.
ZONE_HOURS: dict[str, float] = {
    "UTC": 0,
    "GMT": 0,
    "UT": 0,
    "Z": 0,
    "KST": 9,
    "JST": 9,
    "HKT": 8,
    "SGT": 8,
    "EST": -5,
    "EDT": -4,
    "CDT": -5,
    "MST": -7,
    "MDT": -6,
    "PST": -8,
    "PDT": -7,
    "CET": 1,
    "CEST": 2,
    "BST": 1,
}

#: Layouts tried with ``strptime`` when ISO 8601 fails, after a trailing zone has been taken off.
#: Month names are normalised to their three-letter English form first ("Sept." → "Sep") and
#: a.m./p.m. to AM/PM.
DATE_LAYOUTS: tuple[str, ...] = (
    "%d %b %Y %H:%M:%S",  # RFC 2822, once the weekday and zone are off
    "%d %b %y %H:%M:%S",
    "%d %b %Y %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d",
    "%Y.%m.%d %H:%M:%S",
    "%Y.%m.%d %H:%M",
    "%Y.%m.%d",
    "%b %d, %Y %I:%M %p",
    "%b %d, %Y %H:%M",
    "%b %d, %Y",
    "%b %d %Y",
    "%d %b %Y",
)

#: Publication years we believe. Outside them a date is a typo or garbage, and keeping it would
#: overflow later arithmetic at the edges of ``datetime``'s range.
PLAUSIBLE_YEARS = range(1900, 3000)

# --- text ----------------------------------------------------------------------------------------

#: Words that end in a full stop without ending a sentence (lower-cased, without the final dot),
#: used when the first sentence has to serve as a title.
ABBREVIATIONS: frozenset[str] = frozenset(
    {
        "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cmdr", "sgt", "adm",
        "gov", "sen", "rep", "pres", "st", "jr", "sr", "no", "nos", "vs", "etc", "approx", "est",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "u.s", "u.n", "u.k", "e.u", "e.g", "i.e", "a.m", "p.m", "d.c", "n", "s", "inc", "corp", "co",
    }
)  # fmt: skip

#: A title made from the first sentence is cut to this many characters (at a word boundary).
MAX_DERIVED_TITLE = 200

#: Decoded text with more than this share of replacement or control characters is binary.
MAX_NON_TEXT_SHARE = 0.10

#: Encodings charset-normalizer may choose between when a file is not UTF-8: the legacy encodings
#: news text actually arrives in. Left to itself it will call a short Latin-1 file UTF-16 or EBCDIC.
LEGACY_ENCODINGS: tuple[str, ...] = (
    "cp1252",
    "iso8859_15",
    "cp1250",
    "cp1251",
    "koi8_r",
    "cp949",
    "euc_kr",
    "iso2022_kr",
    "cp932",
    "euc_jp",
    "iso2022_jp",
    "gb18030",
    "big5",
)
