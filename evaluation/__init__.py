"""Evaluation of the whole pipeline on the labeled corpus.

Matching rules of the scorer (unit-tested in tests/test_scoring.py):

Guides. Predicted programs are aligned to gold programs by name (character
bigram Dice similarity ≥ 0.5, greedy, best pair first; a single-program guide
pairs with the single predicted program, and `programs` counts a true
positive only when the names also match); items of an unaligned
predicted program are false positives, of an unaligned gold program false
negatives. Within an aligned pair each field is a multiset of keys; a key
matched once is a true positive, predicted keys left over are false positives,
gold keys left over are false negatives.
- thresholds (stand-alone and any-of members alike): (metric, operator, value,
  unit, period). Open-vocabulary thresholds (metric "") and exclusions of kind
  `sanction` are left out here: the self-written gold predates both, and both
  are scored on the real notices (evaluation/score_real.py, `real` in metrics). Values are compared after normalization to the schema units
  (money in 万元, ratios in %), so a gold 1.2亿元 = 12000 万元 matches a
  predicted 12000 万元; values equal when |a-b| ≤ 1e-6·max(1,|a|).
- any_of: the frozenset of member threshold keys.
- exemptions: (metric of the condition, frozenset of title ids).
- adjustments: (kind, factor, frozenset of triggers, from_metric).
- exclusions: kind; plus the wording must overlap (bigram Dice ≥ 0.3).
- materials: canonical material id. applicant_types: type id.
- deadlines: (date, time). quotas: (max_count, unlimited). funding: (count,
  amount_each). contacts: the phone's digits. channels: the URL.

Claims. Scalar fields (name, credit code, type, province, city, legal person,
track, submission date, ip_department) count TP when equal after trimming
whitespace, FN when gold has a value and the prediction has none or another
(a wrong value also counts FP). Figures are keyed by (metric, year) and match
when values are within 0.5% relative (or 0.01 absolute); standings by (kind,
id, year); attachments by material id; attestations by (id, present); projects
by (program, role, status); partners by name.

Screening. Decision accuracy over eligible/ineligible/incomplete/needs_review/
error with a confusion matrix; failed metrics and missing materials scored as
sets per submission. "Passed unflagged" counts submissions whose gold decision
is ineligible or incomplete but whose predicted decision is eligible or
needs_review with none of the expected failures or missing items flagged.
"""
