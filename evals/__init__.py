"""Accuracy evaluations on generated sample batches (python -m evals.<name>)."""
