import numpy as np

from metrics import comparison_table, confusion, summarize


def test_confusion_rows_are_truth_and_recall_is_per_true_class():
    truth = np.array([0, 0, 1, 1, 1, 2])
    predicted = np.array([0, 1, 1, 1, 2, 2])
    assert confusion(truth, predicted, 3).tolist() == [[1, 1, 0], [0, 2, 1], [0, 0, 1]]
    result = summarize(truth, predicted, ["A", "B", "C"])
    assert result["accuracy"] == 4 / 6
    assert result["perClassRecall"] == {"A": 0.5, "B": 2 / 3, "C": 1.0}
    assert result["testSetSize"] == 6


def test_a_class_absent_from_the_test_set_has_no_recall():
    assert summarize(np.array([0]), np.array([0]), ["A", "B"])["perClassRecall"]["B"] is None


def _run(init: str, fraction: float, accuracy: float, seed: int) -> dict:
    return {
        "init": init,
        "trainFraction": fraction,
        "trainLesions": int(400 * fraction),
        "seed": seed,
        "test": {"accuracy": accuracy},
    }


def test_comparison_table_gives_mean_and_sd_over_seeds():
    runs = [_run("scratch", 0.25, a, s) for s, a in enumerate([0.70, 0.74, 0.72])]
    runs += [_run("imagenet", 0.25, a, s) for s, a in enumerate([0.90, 0.92, 0.94])]
    lines = comparison_table(runs)
    assert lines[2] == "| 100 (25%) | 3, 3 | 72.0% ± 2.0 | 92.0% ± 2.0 | +20.0 points |"


def test_comparison_table_without_scratch_runs_is_empty():
    assert comparison_table([_run("imagenet", 1, 0.9, 1)]) == []


def test_comparison_table_one_seed_has_no_sd():
    lines = comparison_table([_run("scratch", 1, 0.8, 1), _run("imagenet", 1, 0.9, 1)])
    assert lines[2] == "| 400 (100%) | 1, 1 | 80.0% | 90.0% | +10.0 points |"
