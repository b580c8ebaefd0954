"""Development entry point for score.py until the CLI (bot/cli.py) is wired: prints JSON lines."""

import sys

from bot.extract_command import run_extract

if __name__ == "__main__":
    sys.exit(run_extract(sys.argv[1:], as_json=True, out=sys.stdout))
