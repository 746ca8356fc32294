"""extractors/readers."""
