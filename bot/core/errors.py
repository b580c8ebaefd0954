"""Errors the pure core raises for input it cannot use; the adapters record them and carry on."""


class FormatError(Exception):
    """A whole file could not be read as articles. ``reason`` is one readable line."""

    #: A short machine token for the kind of failure (``empty``, ``binary``, ``bad_json``, ...).
    code = "unreadable"

    def __init__(self, reason: str, *, code: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        if code is not None:
            self.code = code


class UnsupportedFormat(FormatError):
    code = "unsupported"
