"""``python -m bot`` is ``launchwatch``."""

from bot.cli import main

raise SystemExit(main())
