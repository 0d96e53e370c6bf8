"""Evaluation: LoCoMo and bAbI loaders, metrics, baselines and plots."""
