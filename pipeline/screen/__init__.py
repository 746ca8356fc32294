"""Screening one submission: program selection, the checks, explanations, review evidence.

Why its own package: these are the rules staff must be able to verify; they take
a schema and claims (models) and return a report (model), with no files or terminals.
Entry point: `pipeline.screen.matcher.screen`.
"""
