"""A tiny ROI dataset in the builder's format, made in Python: each class a different brightness
per phase channel (a toy enhancement pattern), for tests that need no phantoms."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

CLASSES = ["CYST", "FNH", "HCC", "HEM", "METS"]
# Mean byte per channel (NC, ART, PV) of the blob in each class.
PATTERN = np.array([[40, 40, 40], [120, 220, 150], [110, 230, 60], [90, 180, 200], [80, 130, 90]], dtype=np.float32)


def write(folder: Path, per_class: dict[str, int], size: int = 32, seed: int = 0) -> Path:
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    yy, xx = np.mgrid[:size, :size]
    blob = ((yy - size / 2) ** 2 + (xx - size / 2) ** 2) < (size / 4) ** 2
    crops, samples = [], []
    for split, count in per_class.items():
        for label, pattern in zip(CLASSES, PATTERN):
            for i in range(count):
                image = np.full((3, size, size), 150.0) + rng.normal(0, 12, (3, size, size))
                image[:, blob] = pattern[:, None] + rng.normal(0, 12, (3, int(blob.sum())))
                crops.append(np.clip(image, 0, 255).astype(np.uint8))
                samples.append({"study": f"{split}-{label}-{i}", "lesion": "L1", "label": label, "split": split})
    np.stack(crops).tofile(folder / "crops.u8")
    spec = {
        "inputSize": [size, size],
        "contextMargin": 0.5,
        "huWindow": [-150, 250],
        "mean": [103.939, 116.779, 123.68],
        "std": [1, 1, 1],
    }
    index = {
        "format": "liver-roi-dataset",
        "version": 1,
        "spec": spec,
        "phases": ["NC", "ART", "PV"],
        "classes": CLASSES,
        "count": len(samples),
        "samples": samples,
    }
    (folder / "index.json").write_text(json.dumps(index))
    return folder
