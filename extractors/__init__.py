"""Readers that turn declaration PDFs (digital, scanned, mixed) and online exports into Submissions."""
