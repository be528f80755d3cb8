"""Batch norm folding and the graph written for tfjs (its parity with tfjs is checked in Node:
pipeline/model-export.test.ts)."""

import base64
import json

import numpy as np
import torch
from torch import nn

from export_tfjs import as_exported, build_graph, encode_weights, fold
from resnet_keras import ResNet50Keras


def test_folding_batch_norm_into_a_conv_keeps_its_output():
    torch.manual_seed(0)
    conv, bn = nn.Conv2d(3, 4, 3, padding=1), nn.BatchNorm2d(4, eps=1e-3)
    bn.running_mean.uniform_(-1, 1)
    bn.running_var.uniform_(0.5, 2)
    bn.weight.data.uniform_(0.5, 2)
    bn.bias.data.uniform_(-1, 1)
    bn.eval()
    x = torch.randn(2, 3, 8, 8)
    kernel, bias = fold(conv, bn)
    folded = nn.Conv2d(3, 4, 3, padding=1)
    folded.weight.data = torch.from_numpy(kernel).permute(3, 2, 0, 1).contiguous()
    folded.bias.data = torch.from_numpy(bias)
    assert torch.allclose(folded(x), bn(conv(x)), atol=1e-5)


def test_the_graph_uses_fused_convolutions_with_explicit_padding_and_names_weights_like_the_manifest():
    graph = build_graph(ResNet50Keras(5).eval(), 64, 64)
    ops = [n["op"] for n in graph.nodes]
    assert ops.count("_FusedConv2D") == 53
    assert "FusedBatchNormV3" not in ops and "BatchNorm" not in " ".join(ops)
    conv1 = next(n for n in graph.nodes if n["name"] == "conv1")
    assert base64.b64decode(conv1["attr"]["padding"]["s"]) == b"EXPLICIT"
    assert conv1["attr"]["explicit_paddings"]["list"]["i"] == ["0", "0", "3", "3", "3", "3", "0", "0"]
    fused = [base64.b64decode(s) for s in conv1["attr"]["fused_ops"]["list"]["s"]]
    assert fused == [b"BiasAdd", b"Relu"]
    consts = {n["name"] for n in graph.nodes if n["op"] == "Const"}
    assert consts == {name for name, _ in graph.weights}
    assert graph.nodes[-1]["op"] == "Softmax"
    json.dumps(graph.nodes)  # serialisable as written


def test_float16_and_uint8_weights_round_trip_within_their_precision():
    value = np.linspace(-2, 3, 1000, dtype=np.float32).reshape(10, 100)
    entries, data = encode_weights([("w", value)], "float16")
    assert entries[0]["quantization"] == {"dtype": "float16"}
    assert np.abs(np.frombuffer(data, "<f2").reshape(10, 100) - value).max() < 2e-3
    entries, data = encode_weights([("w", value)], "uint8")
    q = entries[0]["quantization"]
    back = np.frombuffer(data, np.uint8).astype(np.float32) * q["scale"] + q["min"]
    assert np.abs(back.reshape(10, 100) - value).max() <= q["scale"] / 2 + 1e-6


def test_the_exported_copy_computes_what_the_written_weights_compute():
    torch.manual_seed(1)
    model = ResNet50Keras(6).eval()
    for module in model.modules():
        if isinstance(module, nn.BatchNorm2d):
            module.running_mean.uniform_(-0.1, 0.1)
            module.running_var.uniform_(0.5, 1.5)
    x = torch.randn(2, 3, 48, 48)
    with torch.no_grad():
        same = as_exported(model, "float32")(x)
        assert torch.allclose(same, model(x), atol=1e-4)
        # The uint8 copy carries exactly the decoded bytes: its kernels equal what tfjs decodes.
        quantised = as_exported(model, "uint8")
        kernel, _ = fold(model.conv1, model.bn_conv1)
        entries, data = encode_weights([("k", kernel)], "uint8")
        q = entries[0]["quantization"]
        decoded = np.frombuffer(data, np.uint8).astype(np.float32) * q["scale"] + q["min"]
        written = quantised.conv1.weight.permute(2, 3, 1, 0).numpy().ravel()
        assert np.abs(written - decoded).max() < 1e-6
        assert not torch.allclose(quantised(x), model(x), atol=1e-6)
