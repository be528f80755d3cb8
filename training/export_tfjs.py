"""Writes a trained model as a TensorFlow.js graph model, without tensorflowjs_converter: batch norm
folded into the convolutions, `_FusedConv2D` with BiasAdd(/Relu), explicit padding (PyTorch pads
symmetrically where TensorFlow's SAME would not), NHWC, weights in float16 (or uint8 affine
quantisation), and a softmax output. Also writes a parity sample: an input and the PyTorch
probabilities for it, which the Node test compares with tfjs' output.

    /usr/bin/python3 training/export_tfjs.py --run RUN --out public/models/ID [--weights float16|uint8|float32]
"""

from __future__ import annotations

import argparse
import base64
import json
import sys
from pathlib import Path

import numpy as np
import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parent))
from resnet_keras import ResNet50Keras  # noqa: E402


def fold(conv: nn.Conv2d, bn: nn.BatchNorm2d) -> tuple[np.ndarray, np.ndarray]:
    """Conv + batch norm (inference) as one conv: HWIO kernel, bias."""
    scale = (bn.weight / torch.sqrt(bn.running_var + bn.eps)).detach()
    kernel = conv.weight.detach() * scale.view(-1, 1, 1, 1)
    bias = (conv.bias.detach() - bn.running_mean) * scale + bn.bias.detach()
    return kernel.permute(2, 3, 1, 0).contiguous().numpy(), bias.numpy()


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def ints(values) -> dict:
    return {"list": {"i": [str(int(v)) for v in values]}}


class Graph:
    def __init__(self) -> None:
        self.nodes: list[dict] = []
        self.weights: list[tuple[str, np.ndarray]] = []

    def const(self, name: str, value: np.ndarray, dtype: str = "DT_FLOAT") -> str:
        shape = {"dim": [{"size": str(d)} for d in value.shape]}
        self.nodes.append(
            {
                "name": name,
                "op": "Const",
                "attr": {"value": {"tensor": {"dtype": dtype, "tensorShape": shape}}, "dtype": {"type": dtype}},
            }
        )
        self.weights.append((name, value))
        return name

    def op(self, name: str, op: str, inputs: list[str], attr: dict) -> str:
        self.nodes.append({"name": name, "op": op, "input": inputs, "attr": attr})
        return name

    def conv(self, name: str, x: str, kernel: np.ndarray, bias: np.ndarray, stride: int, relu: bool) -> str:
        pad = (kernel.shape[0] - 1) // 2
        attr = {
            "T": {"type": "DT_FLOAT"},
            "strides": ints([1, stride, stride, 1]),
            "dilations": ints([1, 1, 1, 1]),
            "data_format": {"s": b64("NHWC")},
            "num_args": {"i": "1"},
            "epsilon": {"f": 0.0},
            "fused_ops": {"list": {"s": [b64("BiasAdd")] + ([b64("Relu")] if relu else [])}},
        }
        if pad:
            attr["padding"] = {"s": b64("EXPLICIT")}
            attr["explicit_paddings"] = ints([0, 0, pad, pad, pad, pad, 0, 0])
        else:
            attr["padding"] = {"s": b64("VALID")}
        return self.op(name, "_FusedConv2D", [x, self.const(f"{name}/kernel", kernel), self.const(f"{name}/bias", bias)], attr)


def build_graph(model: ResNet50Keras, height: int, width: int) -> Graph:
    g = Graph()
    x = g.op(
        "input",
        "Placeholder",
        [],
        {
            "dtype": {"type": "DT_FLOAT"},
            "shape": {"shape": {"dim": [{"size": "-1"}, {"size": str(height)}, {"size": str(width)}, {"size": "3"}]}},
        },
    )
    x = g.conv("conv1", x, *fold(model.conv1, model.bn_conv1), stride=2, relu=True)
    # After a ReLU every value is >= 0, so zero padding equals TensorFlow's -inf padding for the max.
    paddings = g.const("pool1/paddings", np.array([[0, 0], [1, 1], [1, 1], [0, 0]], dtype=np.int32), "DT_INT32")
    x = g.op("pool1/pad", "Pad", [x, paddings], {"T": {"type": "DT_FLOAT"}, "Tpaddings": {"type": "DT_INT32"}})
    x = g.op(
        "pool1",
        "MaxPool",
        [x],
        {
            "T": {"type": "DT_FLOAT"},
            "ksize": ints([1, 3, 3, 1]),
            "strides": ints([1, 2, 2, 1]),
            "padding": {"s": b64("VALID")},
            "data_format": {"s": b64("NHWC")},
        },
    )
    for block in model.blocks:
        name = f"res{block.name}"
        stride = block.branch2a.stride[0]
        y = g.conv(f"{name}_branch2a", x, *fold(block.branch2a, block.bn2a), stride=stride, relu=True)
        y = g.conv(f"{name}_branch2b", y, *fold(block.branch2b, block.bn2b), stride=1, relu=True)
        y = g.conv(f"{name}_branch2c", y, *fold(block.branch2c, block.bn2c), stride=1, relu=False)
        shortcut = (
            x
            if block.branch1 is None
            else g.conv(f"{name}_branch1", x, *fold(block.branch1, block.bn1), stride=stride, relu=False)
        )
        x = g.op(f"{name}/add", "AddV2", [y, shortcut], {"T": {"type": "DT_FLOAT"}})
        x = g.op(f"{name}/relu", "Relu", [x], {"T": {"type": "DT_FLOAT"}})
    axes = g.const("avg_pool/axes", np.array([1, 2], dtype=np.int32), "DT_INT32")
    x = g.op("avg_pool", "Mean", [x, axes], {"T": {"type": "DT_FLOAT"}, "Tidx": {"type": "DT_INT32"}, "keep_dims": {"b": False}})
    kernel = g.const("fc/kernel", model.fc.weight.detach().numpy().T.copy())
    x = g.op(
        "fc/matmul", "MatMul", [x, kernel], {"T": {"type": "DT_FLOAT"}, "transpose_a": {"b": False}, "transpose_b": {"b": False}}
    )
    x = g.op(
        "logits",
        "BiasAdd",
        [x, g.const("fc/bias", model.fc.bias.detach().numpy())],
        {"T": {"type": "DT_FLOAT"}, "data_format": {"s": b64("NHWC")}},
    )
    g.op("probabilities", "Softmax", [x], {"T": {"type": "DT_FLOAT"}})
    return g


def uint8_params(value: np.ndarray) -> tuple[float, float]:
    """tfjs' affine uint8 quantisation of one tensor: value ≈ byte * scale + min."""
    low, high = float(value.min()), float(value.max())
    return low, (high - low) / 255 if high > low else 1.0


def keeps_float32(value: np.ndarray, precision: str) -> bool:
    # float16 tops out at 65504: a tensor beyond it stays float32 rather than turn into inf.
    return value.dtype == np.int32 or precision == "float32" or (precision == "float16" and np.abs(value).max() > 65000)


def roundtrip(value: np.ndarray, precision: str) -> np.ndarray:
    """The values tfjs decodes from a tensor written at `precision`."""
    if keeps_float32(value, precision):
        return value
    if precision == "float16":
        return value.astype(np.float16).astype(np.float32)
    low, scale = uint8_params(value)
    return (np.round((value - low) / scale).clip(0, 255) * scale + low).astype(np.float32)


def as_exported(model: ResNet50Keras, precision: str) -> ResNet50Keras:
    """A PyTorch copy whose forward pass is the exported graph's: each conv carries its folded,
    written-and-decoded kernel and bias, and its batch norm becomes the identity. The parity
    sample of a quantised model comes from this copy, so it checks the graph, not the rounding."""
    copy = ResNet50Keras(model.fc.out_features)
    copy.load_state_dict(model.state_dict())
    copy.eval()
    pairs = [(copy.conv1, copy.bn_conv1)]
    for block in copy.blocks:
        pairs += [(block.branch2a, block.bn2a), (block.branch2b, block.bn2b), (block.branch2c, block.bn2c)]
        if block.branch1 is not None:
            pairs.append((block.branch1, block.bn1))
    with torch.no_grad():
        for conv, norm in pairs:
            kernel, bias = fold(conv, norm)
            conv.weight.copy_(torch.from_numpy(roundtrip(kernel, precision)).permute(3, 2, 0, 1))
            conv.bias.copy_(torch.from_numpy(roundtrip(bias, precision)))
            norm.weight.fill_(1)
            norm.bias.fill_(0)
            norm.running_mean.fill_(0)
            norm.running_var.fill_(1 - norm.eps)
        copy.fc.weight.copy_(torch.from_numpy(roundtrip(copy.fc.weight.numpy().T.copy(), precision).T.copy()))
        copy.fc.bias.copy_(torch.from_numpy(roundtrip(copy.fc.bias.numpy(), precision)))
    return copy


def encode_weights(weights: list[tuple[str, np.ndarray]], precision: str) -> tuple[list[dict], bytes]:
    entries, chunks = [], []
    for name, value in weights:
        entry = {"name": name, "shape": list(value.shape), "dtype": "int32" if value.dtype == np.int32 else "float32"}
        if keeps_float32(value, precision):
            chunks.append(value.astype("<i4" if value.dtype == np.int32 else "<f4").tobytes())
        elif precision == "float16":
            entry["quantization"] = {"dtype": "float16"}
            chunks.append(value.astype("<f2").tobytes())
        else:
            low, scale = uint8_params(value)
            entry["quantization"] = {"dtype": "uint8", "min": low, "scale": scale}
            chunks.append(np.round((value - low) / scale).clip(0, 255).astype(np.uint8).tobytes())
        entries.append(entry)
    return entries, b"".join(chunks)


def export(
    model: ResNet50Keras, out: Path, height: int, width: int, precision: str = "float16", shard_bytes: int = 4 << 20
) -> None:
    model.eval()
    graph = build_graph(model, height, width)
    entries, data = encode_weights(graph.weights, precision)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("group1-shard*.bin"):
        old.unlink()
    shards = max(1, -(-len(data) // shard_bytes))
    paths = [f"group1-shard{i + 1}of{shards}.bin" for i in range(shards)]
    for i, path in enumerate(paths):
        (out / path).write_bytes(data[i * shard_bytes : (i + 1) * shard_bytes])
    model_json = {
        "format": "graph-model",
        "generatedBy": "training/export_tfjs.py",
        "convertedBy": None,
        "signature": {
            "inputs": {
                "input": {
                    "name": "input:0",
                    "dtype": "DT_FLOAT",
                    "tensorShape": {"dim": [{"size": "-1"}, {"size": str(height)}, {"size": str(width)}, {"size": "3"}]},
                }
            },
            "outputs": {
                "probabilities": {
                    "name": "probabilities:0",
                    "dtype": "DT_FLOAT",
                    "tensorShape": {"dim": [{"size": "-1"}, {"size": str(model.fc.out_features)}]},
                }
            },
        },
        "modelTopology": {"node": graph.nodes, "library": {}, "versions": {"producer": 1}},
        "weightsManifest": [{"paths": paths, "weights": entries}],
    }
    (out / "model.json").write_text(json.dumps(model_json))


def parity_sample(model: ResNet50Keras, spec: dict, seed: int = 7) -> dict:
    """A byte crop and PyTorch's probabilities for it: what the browser must reproduce."""
    height, width = spec["inputSize"]
    rng = np.random.default_rng(seed)
    crop = rng.integers(0, 256, size=(3, height, width), dtype=np.uint8)
    mean = np.array(spec["mean"], dtype=np.float32).reshape(3, 1, 1)
    std = np.array(spec["std"], dtype=np.float32).reshape(3, 1, 1)
    with torch.no_grad():
        probs = torch.softmax(model.eval()(torch.from_numpy((crop - mean) / std).unsqueeze(0)), dim=1)[0]
    return {"crop": crop.tolist(), "probabilities": probs.tolist()}


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--run", type=Path, required=True, help="a training run folder (model.pt)")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--weights", choices=["float16", "uint8", "float32"], default="float16")
    args = p.parse_args(argv)
    saved = torch.load(args.run / "model.pt", map_location="cpu")
    model = ResNet50Keras(len(saved["classes"]))
    model.load_state_dict(saved["state_dict"])
    height, width = saved["spec"]["inputSize"]
    export(model, args.out, height, width, args.weights)
    (args.out / "parity.json").write_text(json.dumps(parity_sample(as_exported(model, args.weights), saved["spec"])))
    size = sum(f.stat().st_size for f in args.out.iterdir())
    print(f"wrote {args.out} ({size / 1e6:.1f} MB, {args.weights} weights)")


if __name__ == "__main__":
    main()
