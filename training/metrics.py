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


def comparison_table(runs: list[dict]) -> list[str]:
    """The paper's table: test accuracy from scratch and fine-tuned per share of the training
    lesions, mean ± SD (n − 1) over the seeds each cell was trained with."""
    fractions = sorted({r["trainFraction"] for r in runs if r["init"] == "scratch"})
    if not fractions:
        return []
    lines = ["| training ROIs (share) | seeds | from scratch | fine-tuned (ImageNet) | gain |", "| --- | --- | --- | --- | --- |"]
    for f in fractions:
        cell = {
            init: np.array([r["test"]["accuracy"] for r in runs if r["trainFraction"] == f and r["init"] == init])
            for init in ("scratch", "imagenet")
        }
        scratch, tuned = cell["scratch"], cell["imagenet"]
        if len(scratch) == 0 or len(tuned) == 0:
            continue
        lesions = next(r["trainLesions"] for r in runs if r["trainFraction"] == f and r["init"] == "imagenet")

        def cell_text(values: np.ndarray) -> str:
            return f"{values.mean():.1%}" + (f" ± {values.std(ddof=1) * 100:.1f}" if len(values) > 1 else "")

        gain = (tuned.mean() - scratch.mean()) * 100
        lines.append(
            f"| {lesions} ({f:.0%}) | {len(scratch)}, {len(tuned)} | "
            f"{cell_text(scratch)} | {cell_text(tuned)} | {gain:+.1f} points |"
        )
    return lines
