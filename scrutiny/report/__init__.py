"""Report generation: one document model for a period, rendered to Markdown, Word and HTML."""
