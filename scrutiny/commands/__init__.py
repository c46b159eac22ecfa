"""Command modules registered on the ``scrutiny`` app; heavy imports wait until they run."""
