"""The network export_onnx.py rebuilds from a written tfjs graph computes what that graph computes."""

import torch

from export_onnx import NhwcProbabilities, rebuild
from export_tfjs import as_exported, export
from resnet_keras import ResNet50Keras, read_tfjs_weights


def test_the_rebuilt_network_gives_the_written_graphs_probabilities(tmp_path):
    torch.manual_seed(2)
    model = ResNet50Keras(6).eval()
    for module in model.modules():
        if isinstance(module, torch.nn.BatchNorm2d):
            module.running_mean.uniform_(-0.2, 0.2)
            module.running_var.uniform_(0.5, 2)
    for precision in ("uint8", "float16"):
        out = tmp_path / precision
        export(model, out, 32, 32, precision)
        rebuilt = NhwcProbabilities(rebuild(read_tfjs_weights(out / "model.json"))).eval()
        written = as_exported(model, precision)
        x = torch.randn(2, 32, 32, 3)
        with torch.no_grad():
            expected = torch.softmax(written(x.permute(0, 3, 1, 2)), dim=1)
            assert torch.allclose(rebuilt(x), expected, atol=1e-5)
            # A different network (the unexported model's own weights) would not pass.
            assert not torch.allclose(rebuilt(x), torch.softmax(ResNet50Keras(6).eval()(x.permute(0, 3, 1, 2)), dim=1), atol=1e-5)
