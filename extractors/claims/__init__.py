"""extractors/claims."""
