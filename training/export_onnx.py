"""Writes a shipped tfjs graph model (training/export_tfjs.py's output) as ONNX, with the very
weights tfjs decodes (uint8 or float16 shards → float32), for the runtime race against
onnxruntime-web (`npm run bench:runtimes`). The network is rebuilt in PyTorch from the graph's
folded kernels (batch norm already inside them), then exported by torch.onnx (the TorchScript exporter):
same input (NHWC, normalised bytes), same softmax output. Checks the rebuilt network against the
folder's parity sample before writing.

    /usr/bin/python3 training/export_onnx.py --model public/models/ID --out FILE.onnx
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parent))
from resnet_keras import ResNet50Keras, read_tfjs_weights  # noqa: E402
from train import normalise  # noqa: E402

# The rebuilt network must give the parity sample's probabilities: float32 summation order differs
# between the two paths, so not bit for bit.
PARITY_TOLERANCE = 1e-4


def rebuild(weights: dict[str, np.ndarray]) -> ResNet50Keras:
    """ResNet-50 whose convolutions carry the graph's folded kernels; batch norm is the identity."""
    classes = weights["fc/bias"].shape[0]
    model = ResNet50Keras(classes)
    convs: list[tuple[str, nn.Conv2d]] = [("conv1", model.conv1)]
    model.bn_conv1 = nn.Identity()
    for block in model.blocks:
        for part in ("2a", "2b", "2c", "1"):
            conv = getattr(block, f"branch{part}")
            if conv is not None:
                convs.append((f"res{block.name}_branch{part}", conv))
                setattr(block, f"bn{part}", nn.Identity())
    with torch.no_grad():
        for name, conv in convs:
            conv.weight.copy_(torch.from_numpy(weights[f"{name}/kernel"].transpose(3, 2, 0, 1).copy()))
            conv.bias.copy_(torch.from_numpy(weights[f"{name}/bias"].copy()))
        model.fc.weight.copy_(torch.from_numpy(weights["fc/kernel"].T.copy()))
        model.fc.bias.copy_(torch.from_numpy(weights["fc/bias"].copy()))
    return model.eval()


class NhwcProbabilities(nn.Module):
    """The tfjs graph's signature: NHWC input, softmax probabilities out."""

    def __init__(self, model: ResNet50Keras):
        super().__init__()
        self.model = model

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.softmax(self.model(x.permute(0, 3, 1, 2)), dim=1)


def parity_error(network: nn.Module, model_dir: Path) -> float:
    """Largest difference from the folder's parity sample (PyTorch's probabilities at export)."""
    manifest = json.loads((model_dir / "manifest.json").read_text())
    sample = json.loads((model_dir / "parity.json").read_text())
    crop = torch.tensor(sample["crop"], dtype=torch.float32).unsqueeze(0)  # [1, 3, H, W] bytes
    nhwc = normalise(crop, manifest["normalization"]).permute(0, 2, 3, 1)
    with torch.no_grad():
        probabilities = network(nhwc)[0].numpy()
    return float(np.abs(probabilities - np.array(sample["probabilities"], dtype=np.float32)).max())


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", type=Path, required=True, help="a shipped model folder (model.json, manifest.json, parity.json)")
    p.add_argument("--out", type=Path, required=True)
    args = p.parse_args(argv)
    torch.manual_seed(0)
    network = NhwcProbabilities(rebuild(read_tfjs_weights(args.model / "model.json"))).eval()
    error = parity_error(network, args.model)
    if error > PARITY_TOLERANCE:
        sys.exit(f"export_onnx: the rebuilt network differs from {args.model}/parity.json by {error:.2e} (> {PARITY_TOLERANCE})")
    height, width = json.loads((args.model / "manifest.json").read_text())["inputSize"]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    torch.onnx.export(
        network,
        (torch.zeros(1, height, width, 3),),
        str(args.out),
        input_names=["input"],
        output_names=["probabilities"],
        dynamic_axes={"input": {0: "batch"}, "probabilities": {0: "batch"}},
        opset_version=17,
        do_constant_folding=True,
    )
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB, float32; parity with {args.model.name}: {error:.1e})")


if __name__ == "__main__":
    main()
