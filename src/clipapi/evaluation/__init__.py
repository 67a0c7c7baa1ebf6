"""Accuracy evaluation: metrics against ground truth, and a harness that runs the pipeline on
a labelled corpus (`clipapi eval`, docs/accuracy.md)."""
