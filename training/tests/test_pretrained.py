"""The Keras ImageNet weights, ported to the PyTorch layout, classify photographs correctly."""

import torch

import check_pretrained
from resnet_keras import ResNet50Keras, read_tfjs_weights


def test_every_weight_is_used_with_its_keras_shape():
    weights = read_tfjs_weights(check_pretrained.DEFAULT)
    model = ResNet50Keras(1000)
    used = set()
    for name, module in model.keras_layers():
        for suffix in ("kernel", "bias", "gamma", "beta", "moving_mean", "moving_variance"):
            if f"{name}/{suffix}" in weights:
                used.add(f"{name}/{suffix}")
        if isinstance(module, torch.nn.Conv2d):
            kh, kw, cin, cout = weights[f"{name}/kernel"].shape
            assert tuple(module.weight.shape) == (cout, cin, kh, kw), name
    assert used == set(weights), sorted(set(weights) - used)[:5]


def test_photographs_are_classified_as_what_they_show(capsys):
    assert check_pretrained.main([]) == 0, capsys.readouterr().out
