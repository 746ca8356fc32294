"""extractors/guide."""
