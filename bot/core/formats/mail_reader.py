"""E-mail files (news-alert newsletters): the text part, or the HTML part as text, is the article."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import email.utils
import re
from email.message import EmailMessage, Message
from typing import Any

import lxml.html  # type: ignore[import-untyped]
import trafilatura

from bot.core.errors import FormatError
from bot.core.formats.assembly import Found, assemble
from bot.core.formats.decoding import decode
from bot.core.formats.markup import fragment_text, tree_text
from bot.core.formats.prose import normalise_text
from bot.core.formats.tables import HTML_PRUNE_XPATHS, MAIL_BOILERPLATE, MAIL_BOILERPLATE_MAX_LINE
from bot.core.records import ReadResult

# "-- " on a line of its own starts the signature (RFC 3676); nothing after it is the article.
_SIGNATURE = re.compile(r"^-- $", re.M)
_BOILERPLATE = re.compile("|".join(MAIL_BOILERPLATE), re.I)


def read_mail(data: bytes, *, mtime: dt.datetime) -> ReadResult:
    # Decoding the whole file only to learn whether it is empty or binary; parts carry their own charsets.
    warnings = list(decode(data).warnings)
    message = email.message_from_bytes(data, policy=email.policy.default)
    headers = {name.lower(): _header(message, name) for name in ("Subject", "Date", "From", "Message-ID")}
    if not any(headers.values()) and not message.keys():
        warnings.append("no e-mail headers; the whole file is read as the message body")
    text = _body_text(message, warnings)
    if not text:
        raise FormatError("the e-mail has no text or HTML part with any text", code="no_body")
    found = Found(
        text=text,
        title=headers["subject"],
        published=[headers["date"]],
        source=_sender(headers["from"]),
        external_id=(headers["message-id"] or "").strip().strip("<>") or None,
    )
    return ReadResult((assemble(found, mtime=mtime, warnings=warnings),), tuple(warnings))


def _header(message: Message, name: str) -> str | None:
    try:
        value = message.get(name)
        return str(value) if value is not None else None
    except Exception:  # the header parser can trip on junk; a missing header is the honest answer
        return None


def _sender(from_header: str | None) -> str | None:
    if not from_header:
        return None
    name, address = email.utils.parseaddr(from_header)
    return name or address or from_header


def _body_text(message: Message, warnings: list[str]) -> str:
    """The text/plain part; the HTML part when there is no plain text (or it is empty)."""
    for subtype in ("plain", "html"):
        part = _find_part(message, subtype)
        if part is None:
            continue
        content = _content(part, warnings)
        content = _SIGNATURE.split(content, maxsplit=1)[0] if subtype == "plain" else _html_text(content)
        text = _without_boilerplate(normalise_text(content))
        if text:
            return text
    return ""


def _find_part(message: Message, subtype: str) -> Message | None:
    try:
        if isinstance(message, EmailMessage):
            body = message.get_body(preferencelist=(subtype,))
            if body is not None:
                return body
        for part in message.walk():
            if part.get_content_type() == f"text/{subtype}" and not _is_attachment(part):
                return part
    except Exception:  # a malformed MIME tree: no such part, then
        return None
    return None


def _without_boilerplate(text: str) -> str:
    kept = [
        line
        for line in text.split("\n")
        if len(line) > MAIL_BOILERPLATE_MAX_LINE or not _BOILERPLATE.search(line)
    ]
    return normalise_text("\n".join(kept))


def _is_attachment(part: Message) -> bool:
    return part.get_content_disposition() == "attachment"


def _content(part: Message, warnings: list[str]) -> str:
    try:
        content: Any = part.get_content() if isinstance(part, EmailMessage) else None
        if isinstance(content, str):
            return content
    except Exception:  # unknown charset or broken transfer encoding; decode the bytes ourselves
        pass
    try:
        payload = part.get_payload(decode=True)
    except Exception:
        return ""
    if not isinstance(payload, bytes) or not payload.strip():
        return ""
    try:
        decoded = decode(payload)
    except FormatError:
        return ""
    warnings.extend(f"e-mail body: {w}" for w in decoded.warnings)
    return decoded.text


def _html_text(html: str) -> str:
    """A newsletter's HTML: trafilatura drops its footer and unsubscribe links; lxml if it finds nothing."""
    body: Any = None
    try:
        tree = lxml.html.document_fromstring(html, parser=lxml.html.HTMLParser(no_network=True))
        document = trafilatura.bare_extraction(
            tree, include_comments=False, favor_precision=True, prune_xpath=list(HTML_PRUNE_XPATHS)
        )
        body = getattr(document, "body", None)
    except Exception:  # lxml and trafilatura both give up on some markup; lxml alone may not
        pass
    text = tree_text(body) if body is not None else ""
    return text or fragment_text(html)
