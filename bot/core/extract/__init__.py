"""Launch-event extraction: ``extract(article) -> list[LaunchEvent]``, pure and deterministic.

The domain rules (actor names, systems, class terms and their severity, landing phrases, non-event
cues) live in :mod:`bot.core.extract.lexicon`; the other modules are the pipeline's steps.
"""

from bot.core.extract.pipeline import extract

__all__ = ["extract"]
