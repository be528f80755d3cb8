"""Reads the ROI dataset written by `npm run dataset` (pipeline/dataset.ts) with numpy alone
(`crops.u8`, or `crops.u8.xz` / `.gz` as packed for transfer)."""

from __future__ import annotations

import gzip
import json
import lzma
from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass
class RoiDataset:
    crops: np.ndarray  # N x C x H x W uint8
    labels: np.ndarray  # N int64, index into `classes`
    splits: np.ndarray  # N str: train / val / test
    lesions: np.ndarray  # N str: study/lesion, the unit of a split and of a subset
    classes: list[str]
    phases: list[str]
    spec: dict

    def indices(self, split: str) -> np.ndarray:
        return np.flatnonzero(self.splits == split)


def load(folder: Path) -> RoiDataset:
    index = json.loads((folder / "index.json").read_text())
    if index.get("format") != "liver-roi-dataset":
        raise ValueError(f"{folder}/index.json is not a liver-roi-dataset index")
    height, width = index["spec"]["inputSize"]
    channels = len(index["phases"])
    count = index["count"]
    for name, opener in (("crops.u8.xz", lzma.open), ("crops.u8.gz", gzip.open)):
        if (folder / name).exists():
            with opener(folder / name, "rb") as f:
                crops = np.frombuffer(f.read(), dtype=np.uint8)
            break
    else:
        crops = np.fromfile(folder / "crops.u8", dtype=np.uint8)
    if crops.size != count * channels * height * width:
        raise ValueError(f"{folder}/crops.u8 holds {crops.size} bytes, expected {count} x {channels} x {height} x {width}")
    classes = list(index["classes"])
    samples = index["samples"]
    return RoiDataset(
        crops=crops.reshape(count, channels, height, width),
        labels=np.array([classes.index(s["label"]) for s in samples], dtype=np.int64),
        splits=np.array([s["split"] for s in samples]),
        lesions=np.array([f"{s['study']}/{s['lesion']}" for s in samples]),
        classes=classes,
        phases=list(index["phases"]),
        spec=index["spec"],
    )


def lesion_subset(dataset: RoiDataset, indices: np.ndarray, fraction: float, seed: int) -> np.ndarray:
    """The crops of a seeded `fraction` of the lesions behind `indices`, per class."""
    if fraction >= 1:
        return indices
    rng = np.random.default_rng(seed)
    keep: set[str] = set()
    for label in range(len(dataset.classes)):
        lesions = sorted(set(dataset.lesions[indices][dataset.labels[indices] == label]))
        n = max(1, round(len(lesions) * fraction))
        keep.update(rng.choice(lesions, size=n, replace=False).tolist() if lesions else [])
    return indices[np.isin(dataset.lesions[indices], list(keep))]
