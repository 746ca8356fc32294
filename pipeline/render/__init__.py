"""Everything a person reads: per-submission HTML, the batch index, CSV/XLSX, review and diff pages.

Why its own package: output formats change for readers' sake, never the decisions;
renderers take finished models and write files.
"""
