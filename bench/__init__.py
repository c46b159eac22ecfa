"""The benchmark: generated workspaces and timed stages (python -m bench)."""
