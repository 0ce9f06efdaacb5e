"""Rule checks driven by the yearly rule files, the paper-versus-online comparison and the status.

engine.check_submission runs the single-document rules (limits, coverage, metrics, eligibility,
identity, dates, size, seals, scenes); library_rules holds the batch rules (ALREADY_DEMO_FACTORY,
NEAR_DUPLICATE_TEXT); pairing + paper_vs_online (with align, normalize, textdiff) compare the paper
copy with the online record; status.compute_status gives the one status. See docs/checks.md.
"""
