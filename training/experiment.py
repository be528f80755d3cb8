"""The paper's comparison on our data: the same ResNet-50 fine-tuned from ImageNet and trained
from scratch, at several shares of the training lesions; then the shipped model (fine-tuned on
all of them) checked on an external test set made with other acquisition settings. Writes
results.json, and the shipped model's weights as float16 .npz pieces (small enough to copy).

    /usr/bin/python3 training/experiment.py --data DATASET --out DIR [--external DATASET]
        [--fractions 0.25,0.5,1] [--inits imagenet,scratch] [--seeds 1,2,3] [--epochs 15] [--batch 64]

With several --seeds every (share, init) cell is trained once per seed (the seed draws the lesion
subset, the initial head, the batch order and the augmentation), and the model card's table gives
mean ± SD; the shipped model is the first seed's fine-tuned model on the largest share.
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train  # noqa: E402
from metrics import summarize  # noqa: E402
from resnet_keras import ResNet50Keras  # noqa: E402
from roi_dataset import load  # noqa: E402

PIECE_BYTES = 15 << 20


def save_pieces(state: dict, out: Path) -> list[str]:
    """float16 copies of every tensor, in .npz files of at most ~15 MB each."""
    pieces, current, size = [], {}, 0
    for name, tensor in state.items():
        array = tensor.detach().cpu().numpy()
        array = array.astype(np.float16) if array.dtype == np.float32 else array
        if size + array.nbytes > PIECE_BYTES and current:
            pieces.append(current)
            current, size = {}, 0
        current[name] = array
        size += array.nbytes
    pieces.append(current)
    names = []
    for i, piece in enumerate(pieces):
        names.append(f"weights-{i + 1}of{len(pieces)}.npz")
        np.savez(out / names[-1], **piece)
    return names


def load_pieces(folder: Path, classes: int) -> ResNet50Keras:
    model = ResNet50Keras(classes)
    state = {}
    for path in sorted(folder.glob("weights-*of*.npz")):
        with np.load(path) as piece:
            state.update(
                {
                    k: torch.from_numpy(piece[k].astype(np.float32) if piece[k].dtype == np.float16 else piece[k])
                    for k in piece.files
                }
            )
    model.load_state_dict(state)
    return model


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", type=Path, required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--external", type=Path)
    p.add_argument("--fractions", default="0.25,0.5,1")
    p.add_argument("--inits", default="imagenet,scratch", help="imagenet alone skips the from-scratch baseline")
    p.add_argument("--epochs", type=int, default=15)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--lr", type=float, default=0.01)
    p.add_argument("--seeds", default="1", help="comma-separated seeds, one training per seed and cell")
    p.add_argument("--weights", type=Path, default=train.PRETRAINED, help="ImageNet weights (model.json or .npz)")
    p.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    p.add_argument(
        "--resume",
        action="store_true",
        help="keep the runs already in OUT/results.json and train only the missing (init, share, seed) cells: "
        "on a CPU the whole table takes longer than one sitting",
    )
    args = p.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.device == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True
    results = {"device": torch.cuda.get_device_name() if args.device == "cuda" else "cpu", "torch": torch.__version__, "runs": []}
    if args.resume and (args.out / "results.json").exists():
        results["runs"] = json.loads((args.out / "results.json").read_text())["runs"]
    done = {(run["init"], run["trainFraction"], run["seed"]) for run in results["runs"]}
    fractions = [float(f) for f in args.fractions.split(",")]
    seeds = [int(s) for s in args.seeds.split(",")]
    run_name = lambda init, fraction, seed: f"{init}-{fraction:g}" + (f"-seed{seed}" if seed != seeds[0] else "")  # noqa: E731
    # Share outermost, so that an interrupted run leaves whole cells (every seed of a share) behind.
    for fraction in fractions:
        for seed in seeds:
            for init in args.inits.split(","):
                if (init, fraction, seed) in done:
                    print(f"== {init} on {fraction:g} of the training lesions, seed {seed}: already in results.json", flush=True)
                    continue
                started = time.time()
                result = train.main(
                    [
                        "--data",
                        str(args.data),
                        "--out",
                        str(args.out / run_name(init, fraction, seed)),
                        "--init",
                        init,
                        "--epochs",
                        str(args.epochs),
                        "--batch",
                        str(args.batch),
                        "--lr",
                        str(args.lr),
                        "--train-fraction",
                        str(fraction),
                        "--seed",
                        str(seed),
                        "--device",
                        args.device,
                        "--threads",
                        str(8 if args.device == "cuda" else os.cpu_count() or 1),
                        "--weights",
                        str(args.weights),
                    ]
                )
                result["seconds"] = time.time() - started
                results["runs"].append(result)
                print(
                    f"== {init} on {fraction:g} of the training lesions, seed {seed}: "
                    f"test accuracy {result['test']['accuracy']:.3f} ({result['seconds']:.0f} s)",
                    flush=True,
                )
                (args.out / "results.json").write_text(json.dumps(results, indent=1))
    # The shipped model: fine-tuned on the largest share (normally all) of the training lesions, first seed.
    final_dir = args.out / run_name("imagenet", max(fractions), seeds[0])
    saved = torch.load(final_dir / "model.pt", map_location="cpu")
    results["shipped"] = {
        "pieces": save_pieces(saved["state_dict"], args.out),
        "classes": saved["classes"],
        "phases": saved["phases"],
        "spec": saved["spec"],
    }
    if args.external is not None:
        model = load_pieces(args.out, len(saved["classes"])).to(args.device)
        external = load(args.external)
        idx = np.arange(len(external.labels))
        results["external"] = summarize(
            external.labels, train.predict(model, external, idx, torch.device(args.device)), external.classes
        )
        print(f"== external test set: accuracy {results['external']['accuracy']:.3f} on {len(idx)} lesions", flush=True)
    (args.out / "results.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
