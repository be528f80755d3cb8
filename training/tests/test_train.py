"""Training on a tiny synthetic dataset: it learns, it is deterministic, and it runs under
torchrun with DistributedDataParallel on CPU (gloo, 2 processes)."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import synthetic
import train
from roi_dataset import lesion_subset, load

TRAIN = Path(train.__file__)


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return synthetic.write(tmp_path_factory.mktemp("synthetic"), {"train": 12, "val": 6, "test": 6})


def run(data, out, *extra):
    return train.main(["--data", str(data), "--out", str(out), "--epochs", "4", "--batch", "12", "--quiet", *extra])


def test_fine_tuning_learns_the_toy_patterns_and_is_deterministic(data, tmp_path):
    first = run(data, tmp_path / "a", "--init", "imagenet", "--lr", "0.01")
    second = run(data, tmp_path / "b", "--init", "imagenet", "--lr", "0.01")
    assert first["test"]["accuracy"] >= 0.8, first["history"]
    assert first["history"] == [{**h, "seconds": first["history"][i]["seconds"]} for i, h in enumerate(second["history"])]
    saved = json.loads((tmp_path / "a" / "metrics.json").read_text())
    assert saved["test"]["confusionMatrix"] == first["test"]["confusionMatrix"]
    assert (tmp_path / "a" / "model.pt").exists()


def test_a_training_fraction_keeps_whole_lesions_of_every_class(data):
    dataset = load(data)
    train_idx = dataset.indices("train")
    half = lesion_subset(dataset, train_idx, 0.5, seed=3)
    assert len(half) == len(train_idx) // 2
    assert sorted(np.bincount(dataset.labels[half]).tolist()) == [6] * 5
    assert lesion_subset(dataset, train_idx, 0.5, seed=3).tolist() == half.tolist()


def test_torchrun_with_two_cpu_processes(data, tmp_path):
    # Debian's torch 1.13 on Python 3.11 cannot parse torchrun's default "0" for --redirects/--tee
    # (Python 3.11 no longer lists the zero flag): pass stderr-only values explicitly.
    command = [
        sys.executable,
        "-m",
        "torch.distributed.run",
        "--redirects",
        "2",
        "--tee",
        "2",
        "--nproc_per_node",
        "2",
        str(TRAIN),
        "--data",
        str(data),
        "--out",
        str(tmp_path),
        "--epochs",
        "2",
        "--batch",
        "6",
        "--init",
        "scratch",
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "2 process(es) on cpu" in done.stdout
    assert "epoch  2/2" in done.stdout
    assert json.loads((tmp_path / "metrics.json").read_text())["test"]["testSetSize"] == 30
