"""Seeded sample generator (declaration PDFs, online records, ground truth) and the committed batch."""
