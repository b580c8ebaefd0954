"""Text built from pieces, for the property tests that a fast form of a rule finds what its plain form
finds: words and their neighbours, joined with spaces (whole words) and without (pieces run into each
other, where word boundaries are tested)."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st


def joined(pieces: Sequence[str], max_size: int) -> st.SearchStrategy[str]:
    """Up to ``max_size`` of ``pieces``, joined by spaces or by nothing."""
    drawn = st.lists(st.sampled_from(list(pieces)), max_size=max_size)
    return st.one_of(drawn.map(" ".join), drawn.map("".join))
