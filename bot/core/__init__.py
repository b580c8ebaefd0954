"""The pure core: format parsing, extraction, merging, escalation, rendering. See README.md."""
