"""Guide extraction: a read notice (models.Document) → a validated GuideSchema.

`extract_guide` is the only entry point; the modules split the work by concern:
programs (where programs and tracks are), conditions (thresholds, any-of,
qualitative, attestations, exemptions, adjustments), exclusions, subject (who
may apply), logistics (materials, deadlines, channels, quotas, funding),
contacts and tables (conditions tables with one track per row); extract and
walk_* hold the walk over each program's blocks that calls them (its state is
one WalkState record, walk_state, passed to plain functions).

Why the import is lazy: `shenbao guide` serving a cached schema still checks it with
extractors.guide.checkup; importing the package must not load the whole extractor.
"""
__all__ = ["extract_guide"]


def __getattr__(name: str):
    if name == "extract_guide":
        from extractors.guide.extract import extract_guide

        return extract_guide
    raise AttributeError(f"module 'extractors.guide' has no attribute {name!r}")
