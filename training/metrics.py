"""Accuracy, per-class recall and the confusion matrix, as the model card and manifest report them."""

from __future__ import annotations

import numpy as np


def confusion(truth: np.ndarray, predicted: np.ndarray, classes: int) -> np.ndarray:
    """Rows: true class; columns: predicted class."""
    matrix = np.zeros((classes, classes), dtype=np.int64)
    np.add.at(matrix, (truth, predicted), 1)
    return matrix


def summarize(truth: np.ndarray, predicted: np.ndarray, class_names: list[str]) -> dict:
    matrix = confusion(truth, predicted, len(class_names))
    totals = matrix.sum(axis=1)
    recall = {name: (float(matrix[i, i] / totals[i]) if totals[i] else None) for i, name in enumerate(class_names)}
    return {
        "accuracy": float(np.trace(matrix) / max(1, matrix.sum())),
        "perClassRecall": recall,
        "confusionMatrix": matrix.tolist(),
        "testSetSize": int(matrix.sum()),
    }
