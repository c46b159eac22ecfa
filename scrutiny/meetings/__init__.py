"""Between meetings: what changed, who to chase, this year against last, and a board pack."""
