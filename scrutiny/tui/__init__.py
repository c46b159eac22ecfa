"""The Textual terminal UI (never imported by the core)."""
