"""One module per kind of check; each returns models.report.Check objects."""
