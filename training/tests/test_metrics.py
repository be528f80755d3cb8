import numpy as np

from metrics import confusion, summarize


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
