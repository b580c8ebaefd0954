"""What makes two articles the same article."""

from __future__ import annotations

import hashlib
import re

from bot.core.records import Article

_SPACE = re.compile(r"\s+")


def article_hash(article: Article) -> str:
    """sha256 of the title and text with white space folded.

    The same story saved twice, under another file name, re-wrapped or re-exported to another
    format, is one article; a story whose words changed is a new one.
    """
    title = _SPACE.sub(" ", article.title).strip().casefold()
    text = _SPACE.sub(" ", article.text).strip().casefold()
    return hashlib.sha256(f"{title}\n{text}".encode()).hexdigest()


def bytes_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
