"""Claims extractor: what a submission (申报书) states about its applicant, with evidence."""
from extractors.claims.creditcode import validate_credit_code
from extractors.claims.extract import extract_claims

__all__ = ["extract_claims", "validate_credit_code"]
