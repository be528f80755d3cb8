"""Times one training step (batch 16, all layers trainable, SGD) and one inference of the
ResNet-50 at several input sizes on this machine's CPU: what the input size was chosen from.

    /usr/bin/python3 training/bench_step.py [--sizes 64,80,96,128] [--threads 2] [--repeats 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from resnet_keras import ResNet50Keras  # noqa: E402


def median_seconds(fn, repeats: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--sizes", default="64,80,96,128")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--repeats", type=int, default=5)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model = ResNet50Keras(5)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    loss_fn = torch.nn.CrossEntropyLoss()
    print(f"torch {torch.__version__}, {args.threads} threads, median of {args.repeats}")
    for size in [int(s) for s in args.sizes.split(",")]:
        x = torch.randn(16, 3, size, size) * 50
        y = torch.randint(0, 5, (16,))

        def step() -> None:
            model.train()
            optimizer.zero_grad()
            loss_fn(model(x), y).backward()
            optimizer.step()

        def infer() -> None:
            model.eval()
            with torch.no_grad():
                model(x[:1])

        s, i = median_seconds(step, args.repeats), median_seconds(infer, args.repeats)
        print(f"{size}x{size}: training step {s:.2f} s (batch 16), inference {i * 1000:.0f} ms per image")


if __name__ == "__main__":
    main()
