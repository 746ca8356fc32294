"""Running a batch: discovery, the pre-read gate, the worker pool, the resumable store.

Why its own package: everything here is about getting many files through safely
(limits, timeouts, resume); nothing here decides whether an applicant qualifies.
Entry point: `pipeline.batch.run.run_batch`.
"""
