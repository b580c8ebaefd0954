"""Bytes to text: UTF-8 first, a declared or detected legacy encoding next, replacement last.

Also the two verdicts that end a file before any format is tried: ``empty`` and ``binary``.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import charset_normalizer

from bot.core.errors import FormatError
from bot.core.formats.tables import LEGACY_ENCODINGS, MAX_NON_TEXT_SHARE

#: Byte-order marks, longest first (the UTF-32-LE mark starts with the UTF-16-LE one).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Control characters that never occur in text (tab, newlines, form feed and vertical tab do).
_NON_TEXT = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")

_XML_DECLARED = re.compile(rb"""<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']""")
_HTML_DECLARED = re.compile(rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.I)


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    warnings: tuple[str, ...] = ()


def declared_encoding(data: bytes) -> str | None:
    """The encoding an XML declaration or an HTML ``<meta charset>`` names, if any."""
    head = data[:4096]
    match = _XML_DECLARED.search(head) or _HTML_DECLARED.search(head)
    return match.group(1).decode("ascii") if match else None


def decode(data: bytes, *, declared: str | None = None) -> Decoded:
    """Decode a file's bytes; raise ``FormatError`` (``empty`` or ``binary``) when there is no text."""
    if not data.strip():
        raise FormatError("the file is empty", code="empty")
    decoded = _decode(data, declared)
    text = decoded.text
    non_text = len(_NON_TEXT.findall(text))
    if non_text > MAX_NON_TEXT_SHARE * len(text):
        raise FormatError(f"binary content: {non_text} of {len(text)} characters are not text", code="binary")
    if not text.strip():
        raise FormatError("the file holds only white space", code="empty")
    return decoded


def _decode(data: bytes, declared: str | None) -> Decoded:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            try:
                return Decoded(body.decode(encoding))
            except UnicodeDecodeError:
                return Decoded(
                    body.decode(encoding, "replace"),
                    (f"invalid {encoding} after its byte-order mark; bad bytes replaced",),
                )
    if b"\x00" in data:
        # UTF-16 without a byte-order mark would land here too; it is rare enough in an ingest
        # folder that calling it binary is the better trade than guessing.
        raise FormatError("binary content: the file contains NUL bytes", code="binary")
    try:
        return Decoded(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    codec = _text_codec(declared) if declared else None
    if codec is not None:
        try:
            return Decoded(data.decode(codec), (f"not UTF-8; decoded as the declared {declared}",))
        except UnicodeError:
            pass
    try:
        best = charset_normalizer.from_bytes(data, cp_isolation=list(LEGACY_ENCODINGS)).best()
    except Exception:  # a detector failing is no reason to lose the file; replacement follows
        best = None
    if best is not None:
        return Decoded(str(best), (f"not UTF-8; decoded as {best.encoding} (detected)",))
    return Decoded(
        data.decode("utf-8", "replace"),
        ("not UTF-8 and no encoding could be detected; undecodable bytes replaced",),
    )


#: Codecs a document may name that are not a character encoding of text we should trust.
_NOT_CHARSETS = frozenset(
    {"utf-8", "utf-7", "unicode-escape", "raw-unicode-escape", "idna", "punycode", "undefined"}
)


def _text_codec(name: str) -> str | None:
    """The codec a declared name stands for, if it is a real text encoding other than UTF-8."""
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    # Bytes-to-bytes codecs (base64, zlib, ...) are looked up fine but are not text encodings.
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_CHARSETS:
        return None
    return info.name
