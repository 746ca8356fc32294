"""Generator of the labeled application corpus (synthetic 申报书 with gold claims).

Why a package of its own: the gold labels and expected outcomes must be derived
from scenario parameters independently of the pipeline, so the corpus can catch
pipeline bugs instead of mirroring them. Nothing here imports `pipeline`.
"""
