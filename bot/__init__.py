"""launchwatch: Telegram alerts for missile launches on the Korean peninsula."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("launchwatch")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
