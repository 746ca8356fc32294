"""Requirement schemas as files: YAML in and out, validation with line numbers, the
content-hash cache, and the diff between two years' guides.

Why its own package: this is the policy staff's edit–validate–diff loop, separate
from screening.
"""
